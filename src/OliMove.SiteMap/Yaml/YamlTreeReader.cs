using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OliMove.SiteMap.Yaml;

/// <summary>
/// Builds a <see cref="YamlTreeNode"/> tree from YamlDotNet's parser events. We do not use
/// <c>YamlStream</c> because it stops at the first duplicate key; a technician should see every duplicate
/// (and every other error) in one run, so duplicates are reported here and the first occurrence is kept.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly IParser _parser;
    private readonly SiteMapDiagnostics _diagnostics;
    private readonly Dictionary<string, YamlTreeNode> _anchors = new(StringComparer.Ordinal);

    private YamlTreeReader(IParser parser, SiteMapDiagnostics diagnostics)
    {
        _parser = parser;
        _diagnostics = diagnostics;
    }

    /// <summary>Returns the root node, or null when the text is not well-formed YAML (the error is reported).</summary>
    public static YamlTreeNode? Read(string text, SiteMapDiagnostics diagnostics)
    {
        var reader = new YamlTreeReader(new Parser(new StringReader(text)), diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            // A syntax error leaves no reliable tree, so it is the only error of this load.
            diagnostics.Error(ToInt(e.Start.Line), ToInt(e.Start.Column), SyntaxMessage(e));
            return null;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some malformed plain scalars; found by the
            // site-map fuzzer (issue 12). The position is lost, so the error points at the file.
            diagnostics.Error(1, 1, $"the file is not well-formed YAML ({e.Message}); check quoting and indentation");
            return null;
        }
    }

    private YamlTreeNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        _parser.Consume<DocumentStart>();
        var root = ReadNode();
        _parser.Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var second))
        {
            _diagnostics.Error(ToInt(second.Start.Line), ToInt(second.Start.Column),
                "a site map holds exactly one YAML document; remove the second '---' document");
        }

        return root;
    }

    private YamlTreeNode ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                return anchored;
            }

            // The parser already rejects unknown aliases; this keeps the tree total.
            throw new YamlException(alias.Start, alias.End, $"the alias '*{alias.Value.Value}' names no anchor");
        }

        YamlTreeNode node;
        AnchorName anchor;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            // An explicit '!!str' tag makes a plain scalar text, as quoting does (YAML 1.2 §10.3.2).
            var isPlain = scalar.Style == ScalarStyle.Plain && (scalar.Tag.IsEmpty || scalar.Tag.Value != "tag:yaml.org,2002:str");
            node = new YamlTreeScalar(scalar.Value, isPlain, ToInt(scalar.Start.Line), ToInt(scalar.Start.Column));
        }
        else if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var items = new List<YamlTreeNode>();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode());
            }

            node = new YamlTreeSequence(items, ToInt(sequenceStart.Start.Line), ToInt(sequenceStart.Start.Column));
        }
        else
        {
            var mappingStart = _parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            node = ReadMappingBody(mappingStart);
        }

        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private YamlTreeMapping ReadMappingBody(MappingStart start)
    {
        var entries = new List<KeyValuePair<YamlTreeScalar, YamlTreeNode>>();
        var seen = new Dictionary<string, YamlTreeScalar>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode();
            var value = ReadNode();
            if (keyNode is not YamlTreeScalar key)
            {
                _diagnostics.Error(keyNode, "a key must be a plain name, not a list or a mapping");
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                _diagnostics.Error(key, $"the key '{key.Value}' appears twice in the same mapping (first at line {first.Line}); keep only one");
                continue;
            }

            seen.Add(key.Value, key);
            entries.Add(new(key, value));
        }

        return new YamlTreeMapping(entries, ToInt(start.Start.Line), ToInt(start.Start.Column));
    }

    private static string SyntaxMessage(YamlException e)
    {
        var detail = e.InnerException?.Message ?? e.Message;
        return $"the file is not valid YAML: {detail.TrimEnd('.')}";
    }

    private static int ToInt(long value) => (int)Math.Min(value, int.MaxValue);
}
