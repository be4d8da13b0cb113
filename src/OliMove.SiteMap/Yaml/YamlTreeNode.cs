namespace OliMove.SiteMap.Yaml;

/// <summary>A node of the parsed YAML document with its 1-based position in the file.</summary>
internal abstract record YamlTreeNode(int Line, int Column);
