namespace OliMove.Ocpp.Rpc;

/// <summary>Limits of one OCPP-J connection.</summary>
public sealed record OcppRpcOptions
{
    /// <summary>How long an outgoing CALL waits for its reply; OCPP-J leaves the value to us [J 4.1.1].</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest text frame accepted; larger frames are drained, answered with FormationViolation, and
    /// the connection stays up.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>Validate our own outgoing payloads and replies against the schemas (cheap insurance; on by default).</summary>
    public bool ValidateOutgoing { get; init; } = true;
}
