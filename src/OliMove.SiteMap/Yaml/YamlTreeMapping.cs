namespace OliMove.SiteMap.Yaml;

/// <summary>A mapping; entries keep file order and duplicates are already removed (and reported).</summary>
internal sealed record YamlTreeMapping(IReadOnlyList<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries, int Line, int Column)
    : YamlTreeNode(Line, Column);
