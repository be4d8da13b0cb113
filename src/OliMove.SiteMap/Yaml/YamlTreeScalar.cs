namespace OliMove.SiteMap.Yaml;

/// <summary>
/// A scalar. <paramref name="IsPlain"/> is false for quoted and block scalars: those are always text,
/// while a plain scalar such as <c>32</c> or <c>true</c> is a number or a boolean (YAML 1.2 core schema).
/// </summary>
internal sealed record YamlTreeScalar(string Value, bool IsPlain, int Line, int Column) : YamlTreeNode(Line, Column);
