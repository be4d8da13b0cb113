namespace OliMove.Edge.Configuration;

public sealed class ApiTokenOptions
{
    public string Name { get; set; } = "";

    /// <summary>viewer or operator.</summary>
    public string Role { get; set; } = "viewer";

    /// <summary>SHA-256 of the token, hex. The token itself is never stored.</summary>
    public string Sha256 { get; set; } = "";
}
