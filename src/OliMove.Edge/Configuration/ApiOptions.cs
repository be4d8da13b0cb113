namespace OliMove.Edge.Configuration;

public sealed class ApiOptions
{
    /// <summary>By default the API answers loopback clients only; set true behind a site firewall.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>Operator and viewer tokens, stored as hashes (`olimove-edge api hash-token`).</summary>
    public ApiTokenOptions[] Tokens { get; set; } = [];
}
