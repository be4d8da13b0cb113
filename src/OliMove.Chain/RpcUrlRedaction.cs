using System.Text;

namespace OliMove.Chain;

/// <summary>
/// A node URL as it may be shown in the API and logs: providers put the API key in the userinfo
/// (https://user:key@host), the query (?apikey=...) or a path segment (/v3/&lt;key&gt;), so those are replaced by
/// "***"; scheme, host, port and short path segments stay, enough to tell which node it is (issue 21).
/// </summary>
public static class RpcUrlRedaction
{
    public const string Mask = "***";

    // Path segments this long are treated as keys (Infura's are 32 hex digits, Alchemy's 32 characters, Ankr's 64).
    private const int KeyLikeSegmentLength = 16;

    public static string Redact(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            // Not a URL we can take apart: show nothing of it rather than a key.
            return Mask;
        }

        var text = new StringBuilder();
        text.Append(uri.Scheme).Append("://");
        if (uri.UserInfo.Length > 0)
        {
            text.Append(Mask).Append('@');
        }

        text.Append(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
        foreach (var segment in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append('/').Append(segment.Length >= KeyLikeSegmentLength ? Mask : segment);
        }

        if (uri.Query.Length > 1)
        {
            text.Append('?').Append(Mask);
        }

        return text.ToString();
    }

    /// <summary><paramref name="text"/> with every occurrence of <paramref name="url"/> replaced by its redacted form.</summary>
    public static string Scrub(string text, string? url) =>
        string.IsNullOrEmpty(url) ? text : text.Replace(url, Redact(url), StringComparison.OrdinalIgnoreCase);
}
