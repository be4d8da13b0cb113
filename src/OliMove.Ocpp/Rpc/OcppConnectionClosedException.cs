namespace OliMove.Ocpp.Rpc;

/// <summary>The connection closed (or was replaced) before the CALL could be sent or answered.</summary>
public sealed class OcppConnectionClosedException(string peerId)
    : InvalidOperationException($"the OCPP connection of '{peerId}' is closed")
{
    public string PeerId { get; } = peerId;
}
