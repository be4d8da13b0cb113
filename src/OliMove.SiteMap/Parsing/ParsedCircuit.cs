using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

/// <summary>A circuit as read, before cross-checks; a null field was absent or invalid (already reported).</summary>
internal sealed class ParsedCircuit
{
    public required YamlTreeMapping Item { get; init; }
    public string? Id { get; init; }
    public YamlTreeNode? IdNode { get; init; }
    public string? ParentId { get; init; }
    public YamlTreeNode? ParentNode { get; init; }
    public double? LimitA { get; init; }
    public double? LimitW { get; init; }
}
