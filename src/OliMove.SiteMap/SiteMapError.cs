namespace OliMove.SiteMap;

/// <summary>
/// One problem in a site map: where it is (1-based line and column; 0 when the problem has no position,
/// e.g. an unreadable file) and a plain sentence a technician can act on.
/// </summary>
public sealed record SiteMapError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: error: {Message}";
}
