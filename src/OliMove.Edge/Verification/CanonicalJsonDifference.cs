using System.Text.RegularExpressions;

namespace OliMove.Edge.Verification;

/// <summary>
/// Says where two canonical JSON texts first differ, in terms a reader can find: the session or circuit the
/// difference sits in, the property, and a short excerpt of each side. Canonical JSON has one fixed key order
/// and no whitespace, so the first differing character is the first differing value.
/// </summary>
public static partial class CanonicalJsonDifference
{
    private const int ExcerptChars = 40;

    /// <summary>Null when the texts are equal.</summary>
    public static string? Describe(string archived, string replayed)
    {
        var offset = 0;
        var common = Math.Min(archived.Length, replayed.Length);
        while (offset < common && archived[offset] == replayed[offset])
        {
            offset++;
        }

        if (offset == archived.Length && offset == replayed.Length)
        {
            return null;
        }

        var before = archived[..offset];
        var owner = LastMatch(OwnerPattern(), before) is { } o ? $"{o.Groups[1].Value} \"{o.Groups[2].Value}\", " : "";
        var property = LastMatch(PropertyPattern(), before) is { } p ? $"property \"{p.Groups[1].Value}\", " : "";
        return $"{owner}{property}character {offset}: archive has …{Excerpt(archived, offset)}…, replay gives …{Excerpt(replayed, offset)}…";
    }

    private static Match? LastMatch(Regex pattern, string text) =>
        pattern.Matches(text) is { Count: > 0 } all ? all[^1] : null;

    private static string Excerpt(string text, int offset)
    {
        var start = Math.Max(0, offset - 10);
        return text.Substring(start, Math.Min(ExcerptChars, text.Length - start));
    }

    [GeneratedRegex("\"(sessionId|circuitId)\":\"([^\"]*)\"")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("\"([A-Za-z]+)\":")]
    private static partial Regex PropertyPattern();
}
