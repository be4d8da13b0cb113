namespace OliMove.SiteMap.Yaml;

/// <summary>
/// Turns a YamlDotNet syntax failure into a position and a sentence for a technician. YamlDotNet's own texts
/// ("While parsing a block mapping, did not find expected key") describe its parser, not the file, and one of
/// its failures has no text or position at all (an InvalidOperationException on an unclosed '[' or '{'), so no
/// library text is ever passed through: each known failure has its own sentence and anything else a general one.
/// </summary>
internal static class YamlSyntaxErrorTranslator
{
    private const string Prefix = "the file is not valid YAML: ";

    // Matched in order against YamlDotNet 18's messages; the first fragment found wins.
    private static readonly (string Fragment, string Sentence)[] Sentences =
    [
        ("flow sequence", "a list written with '[' is missing a ',' or its closing ']'"),
        ("flow mapping", "a mapping written with '{' is missing a ',' or its closing '}'"),
        ("flow entry", "a comment inside a '[...]' or '{...}' needs a space before '#'"),
        ("tab", "a tab is used for indentation; indent with spaces only"),
        ("double-quoted scalar", "a value opened with '\"' is not closed; add the closing '\"' on the same line"),
        ("quoted scalar", "a quoted value is not closed; add the closing quote"),
        ("block scalar", "a value starting with '|' or '>' is malformed; quote the value instead"),
        ("cannot start any token", "this character cannot start a value (for example '@' or '`'); put the value in quotes"),
        ("simple key", "a key is missing its ':' (or a quote or bracket before it is not closed)"),
        ("multiline plain scalar", "a value continues on this line, or this line holds a 'key:' where none can start; check its indentation and quote values that contain ': '"),
        ("plain scalar value, found invalid mapping", "a value contains ': '; put the value in quotes or check the indentation"),
        ("block mapping, did not find expected key", "this line does not fit the mapping around it; check its indentation and that each key ends with ': '"),
        ("block collection", "this line does not fit the list around it; check its indentation and the '- ' of each item"),
        ("Block sequence entries are not allowed", "a '- ' list item cannot start here; check the indentation"),
        ("Mapping keys are not allowed", "a 'key: value' cannot start here; check the indentation"),
        ("expected node content", "a value is missing or malformed here"),
        ("document end", "this line is outside the map's structure; check its indentation"),
        ("document start", "this line is outside the map's structure; check its indentation"),
        ("directive", "a line cannot start with '%'; put the value in quotes"),
        ("anchor", "an '&' anchor or '*' alias is malformed here; put the value in quotes if it is text"),
        ("alias", "an '&' anchor or '*' alias is malformed here; put the value in quotes if it is text"),
        ("tag", "a '!' tag is malformed here; put the value in quotes if it is text"),
    ];

    private const string General = "this part of the file is not well-formed; check its indentation, quotes and brackets";

    /// <summary>
    /// Where and what: an open bracket on an earlier line than the failure is the cause (the parser only notices
    /// it lines later), so the error points at the bracket. Positions are kept within the file's lines.
    /// </summary>
    /// <param name="libraryMessage">YamlDotNet's message, used only to choose a sentence; null when it has none.</param>
    public static (int Line, int Column, string Message) Translate(string text, int line, int column, string? libraryMessage)
    {
        var lines = text.Split('\n');
        var lineCount = Math.Max(1, lines.Length - (text.EndsWith('\n') ? 1 : 0));
        var lastLineLength = lines[lineCount - 1].TrimEnd('\r').Length;
        // YamlDotNet reports an unexpected end of the text after the last line; it belongs at the end of that line.
        var atEnd = line > lineCount || (line == lineCount && column > lastLineLength);
        if (line > lineCount)
        {
            (line, column) = (lineCount, lastLineLength + 1);
        }

        line = Math.Max(1, line);
        column = Math.Max(1, column);
        var open = YamlFlowBrackets.FindUnclosed(text, line, column);
        if (open is { } bracket && (bracket.Line < line || atEnd || libraryMessage is null))
        {
            var (what, close) = bracket.Bracket == '[' ? ("list", ']') : ("mapping", '}');
            return (bracket.Line, bracket.Column,
                $"{Prefix}the {what} opened with '{bracket.Bracket}' here is not closed; add '{close}' at its end");
        }

        if (libraryMessage is not null && libraryMessage.Contains("tab", StringComparison.OrdinalIgnoreCase)
            && FirstIndentingTab(lines, line) is { } tab)
        {
            // The scanner reports the mapping that the tab breaks; the technician needs the tab.
            (line, column) = tab;
        }

        var lineText = lines[line - 1];
        if (column <= lineText.Length && lineText[column - 1] is ']' or '}')
        {
            return (line, column, $"{Prefix}this '{lineText[column - 1]}' closes no '[' or '{{'; remove it");
        }

        if (libraryMessage is not null && libraryMessage.Contains("multiline plain scalar", StringComparison.OrdinalIgnoreCase)
            && KeyWithoutColonAbove(lines, line) is { } keyLine)
        {
            // "connectors" without its ':' makes the next lines part of a long text: the cause is the key above.
            return (keyLine.Line, keyLine.Column, $"{Prefix}this line has no ':' after its key, so the lines below are read as its value; add ':' after the key");
        }

        var sentence = libraryMessage is null
            ? General
            : Sentences.FirstOrDefault(s => libraryMessage.Contains(s.Fragment, StringComparison.OrdinalIgnoreCase)).Sentence ?? General;
        return (line, column, Prefix + sentence);
    }

    /// <summary>The nearest non-blank, non-comment line above <paramref name="line"/> when it holds no 'key:' and is no list item.</summary>
    private static (int Line, int Column)? KeyWithoutColonAbove(string[] lines, int line)
    {
        for (var i = line - 2; i >= 0; i--)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var hasKey = trimmed.EndsWith(':') || trimmed.Contains(": ", StringComparison.Ordinal);
            return hasKey || trimmed.StartsWith('-') ? null : (i + 1, lines[i].Length - lines[i].TrimStart().Length + 1);
        }

        return null;
    }

    /// <summary>The first tab in the indentation of a line from <paramref name="fromLine"/> on, 1-based.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string[] lines, int fromLine)
    {
        for (var i = fromLine - 1; i < lines.Length; i++)
        {
            var indentation = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indentation);
            if (tab >= 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }
}
