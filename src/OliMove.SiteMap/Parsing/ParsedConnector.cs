using OliMove.SiteMap.Model;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

internal sealed class ParsedConnector
{
    public required YamlTreeMapping Item { get; init; }
    public required string Owner { get; init; }
    public int? ConnectorId { get; init; }
    public YamlTreeNode? ConnectorIdNode { get; init; }
    public string? EvseId { get; init; }
    public YamlTreeNode? EvseIdNode { get; init; }
    public ConnectionType? ConnectionType { get; init; }
    public long? RatedPowerW { get; init; }
    public YamlTreeNode? RatedPowerNode { get; init; }
    public int? Phases { get; init; }
    public PhaseConductor? Phase { get; init; }
    public double? MinCurrentA { get; init; }
    public PhaseConductor? SwitchesToOnePhase { get; init; }

    /// <summary>Configured, or derived from the rated power; null when neither can be known.</summary>
    public double? MaxCurrentA { get; init; }

    /// <summary>The maxCurrentA value, or the ratedPowerW it was derived from.</summary>
    public YamlTreeNode? MaxCurrentNode { get; init; }
}
