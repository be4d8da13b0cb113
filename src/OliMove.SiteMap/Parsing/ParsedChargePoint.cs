using OliMove.SiteMap.Model;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

internal sealed class ParsedChargePoint
{
    public required YamlTreeMapping Item { get; init; }
    public string? Id { get; init; }
    public YamlTreeNode? IdNode { get; init; }
    public string? CircuitId { get; init; }
    public YamlTreeNode? CircuitNode { get; init; }
    public string? AuthorizationKeyHash { get; init; }
    public ChargingRateUnit? ChargingRateUnit { get; init; }
    public required IReadOnlyList<ParsedConnector> Connectors { get; init; }
    public bool ConnectorsValid { get; init; }
    public bool Upstream { get; init; } = true;
}
