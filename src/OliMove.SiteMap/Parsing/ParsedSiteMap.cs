using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

internal sealed class ParsedSiteMap
{
    public string? SiteId { get; init; }
    public string? SiteName { get; init; }
    public string? TimeZone { get; init; }
    public double? NominalVoltageV { get; init; }
    public YamlTreeNode? GridNode { get; init; }
    public double? GridLimitA { get; init; }
    public double? GridLimitW { get; init; }
    public bool GridValid { get; init; }
    public required IReadOnlyList<ParsedCircuit> Circuits { get; init; }
    public required IReadOnlyList<ParsedChargePoint> ChargePoints { get; init; }
    public required IReadOnlyList<ParsedEquipment> PvInverters { get; init; }
    public required IReadOnlyList<ParsedEquipment> Batteries { get; init; }
    public required IReadOnlyList<ParsedEquipment> OtherLoads { get; init; }
    public IReadOnlyList<ParsedMeter> Meters { get; init; } = [];
}
