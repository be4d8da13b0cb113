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
        var scanner = new Scanner(new StringReader(text));
        var reader = new YamlTreeReader(new Parser(scanner), diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            // A syntax error leaves no reliable tree, so it is the only error of this load.
            ReportSyntaxError(text, ToInt(e.Start.Line), ToInt(e.Start.Column), e.Message, diagnostics);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position or a useful text, when a '[' or '{' is left open
            // and a later line holds a 'key:' (issue 16). Where the scanner stopped is the best position it has.
            ReportSyntaxError(text, ToInt(scanner.CurrentPosition.Line), ToInt(scanner.CurrentPosition.Column), null, diagnostics);
            return null;
        }
    }

    private static void ReportSyntaxError(string text, int line, int column, string? libraryMessage, SiteMapDiagnostics diagnostics)
    {
        var (atLine, atColumn, message) = YamlSyntaxErrorTranslator.Translate(text, line, column, libraryMessage);
        diagnostics.Error(atLine, atColumn, message);
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

            // YamlDotNet's parser does not check aliases; an unknown one is an error at the alias, and an empty
            // text in its place keeps the tree total so that the other errors still show.
            _diagnostics.Error(ToInt(alias.Start.Line), ToInt(alias.Start.Column),
                $"the alias '*{alias.Value.Value}' names no anchor; define '&{alias.Value.Value}' before it or write the value out");
            return new YamlTreeScalar("", false, ToInt(alias.Start.Line), ToInt(alias.Start.Column));
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

    private static int ToInt(long value) => (int)Math.Min(value, int.MaxValue);
}
