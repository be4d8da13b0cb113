namespace OliMove.Edge.Configuration;

/// <summary>How the live view of the site treats chargers that stop talking.</summary>
public sealed class LiveStateOptions
{
    /// <summary>
    /// A charger without a connection and without a message for this long is silent: its sessions are planned at
    /// their fail-safe share (what its default profile lets it draw on its own), not at a full setpoint, and the
    /// cockpit shows them as stale. A connected charger is never silent: its socket answers the WebSocket pings
    /// (the endpoint drops one that does not).
    /// </summary>
    public int SilentAfterSeconds { get; set; } = 600;
}
