namespace OliMove.SiteMap.Yaml;

/// <summary>
/// Finds the innermost flow collection ('[' or '{') still open at a position, by a light lexical pass that skips
/// comments and quoted text. YamlDotNet loses track of an unclosed flow collection (it throws without a position,
/// or reports the symptom lines later), while the technician needs the bracket itself.
/// </summary>
internal static class YamlFlowBrackets
{
    /// <summary>The 1-based line and column of the innermost bracket open before (line, column), or null.</summary>
    public static (int Line, int Column, char Bracket)? FindUnclosed(string text, int beforeLine, int beforeColumn)
    {
        var open = new Stack<(int Line, int Column, char Bracket)>();
        int line = 1, column = 0;
        var previous = '\n';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                column = 0;
                previous = c;
                continue;
            }

            column++;
            if (line > beforeLine || (line == beforeLine && column >= beforeColumn))
            {
                break;
            }

            var atTokenStart = previous is '\n' or ' ' or '\t' or '[' or '{' or ',' or '\r';
            if (c == '#' && atTokenStart)
            {
                i = SkipTo(text, i, '\n') - 1; // The newline itself is counted on the next turn.
                previous = ' ';
                continue;
            }

            if ((c == '"' || c == '\'') && (atTokenStart || previous == ':'))
            {
                var end = SkipQuoted(text, i, c);
                for (var k = i + 1; k < end && k < text.Length; k++)
                {
                    if (text[k] == '\n')
                    {
                        line++;
                        column = 0;
                    }
                    else
                    {
                        column++;
                    }
                }

                i = end;
                column++;
                previous = c;
                continue;
            }

            if ((c is '[' or '{') && (open.Count > 0 || atTokenStart))
            {
                open.Push((line, column, c));
            }
            else if ((c is ']' or '}') && open.Count > 0)
            {
                open.Pop();
            }

            previous = c;
        }

        return open.Count > 0 ? open.Peek() : null;
    }

    private static int SkipTo(string text, int from, char stop)
    {
        var at = text.IndexOf(stop, from);
        return at < 0 ? text.Length : at;
    }

    /// <summary>The index of the closing quote (or the end of the text when there is none).</summary>
    private static int SkipQuoted(string text, int openAt, char quote)
    {
        for (var i = openAt + 1; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                // In single quotes, '' is an escaped quote (YAML 1.2 §7.3.2).
                if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return text.Length;
    }
}
