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

    /// <summary>Answer an incoming CALL without holding up the reading of frames (still one CALL at a time, in
    /// arrival order). A local controller needs it: its answer to the central system waits on a charger, which
    /// may first send a message the controller must forward and read the reply of on this same connection.</summary>
    public bool ReadWhileAnswering { get; init; }
}
