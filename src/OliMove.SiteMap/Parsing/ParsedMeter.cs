using OliMove.SiteMap.Model;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

/// <summary>A meter as read; its target is checked against circuits and other loads in <see cref="SiteMapCrossChecks"/>.</summary>
internal sealed class ParsedMeter
{
    public required YamlTreeMapping Item { get; init; }
    public string? Id { get; init; }
    public YamlTreeNode? IdNode { get; init; }
    public MeterAttachment? Attachment { get; init; }
    public string? TargetId { get; init; }
    public YamlTreeNode? TargetNode { get; init; }
    public ModbusEndpoint? Modbus { get; init; }
    public MeterRegisterMapDefinition? Registers { get; init; }

    /// <summary>False when the register map was declared but is not usable (its errors are already reported).</summary>
    public bool RegistersValid { get; init; } = true;
}
