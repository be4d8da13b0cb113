using OliMove.SiteMap.Model;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

/// <summary>A PV inverter, battery or other load as read: all sit on a circuit and have their own id.</summary>
internal sealed class ParsedEquipment
{
    public required YamlTreeMapping Item { get; init; }
    public required string Kind { get; init; }
    public string? Id { get; init; }
    public YamlTreeNode? IdNode { get; init; }
    public string? CircuitId { get; init; }
    public YamlTreeNode? CircuitNode { get; init; }

    /// <summary>PV rated power or other-load reservation / worst case, in whole W.</summary>
    public long? PowerW { get; init; }

    public double? CapacityWh { get; init; }
    public double? UsableEnergyWh { get; init; }
    public OtherLoadKind? LoadKind { get; init; }

    /// <summary>Batteries: the reserve in Wh (a declared percentage already applied to the usable energy).</summary>
    public double? ReserveWh { get; init; }

    public long? MaxChargeW { get; init; }

    public long? MaxDischargeW { get; init; }

    public bool ChargeFromGrid { get; init; }
    public ModbusEndpoint? Modbus { get; init; }

    /// <summary>Other loads: the lines they are wired to (null when 'phase' was wrong; errors reported).</summary>
    public IReadOnlyList<PhaseConductor>? Phases { get; init; }
}
