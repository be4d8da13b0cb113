namespace OliMove.SiteMap.Yaml;

/// <summary>What a scalar resolves to under the YAML 1.2 core schema (the schema JSON editors apply too).</summary>
internal enum YamlScalarKind
{
    Text,
    Null,
    Boolean,
    Integer,
    Float,
}
