namespace OliMove.SiteMap;

/// <summary>Something that loads but deserves a look (e.g. a charge point without an authorization key).</summary>
public sealed record SiteMapWarning(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: warning: {Message}";
}
