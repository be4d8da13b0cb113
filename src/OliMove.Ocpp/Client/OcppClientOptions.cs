using OliMove.Ocpp.Rpc;

namespace OliMove.Ocpp.Client;

/// <summary>How the client side of OCPP-J reaches a central system in one charge point's identity.</summary>
public sealed record OcppClientOptions
{
    /// <summary>The central system's base address (ws:// or wss://); the charge point id is appended.</summary>
    public required Uri CentralSystem { get; init; }

    /// <summary>0 = none, 1 = Basic auth over ws/wss, 2 = Basic auth over wss only (security whitepaper §2).</summary>
    public int SecurityProfile { get; init; }

    /// <summary>How long the TCP + TLS + WebSocket handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public OcppRpcOptions Rpc { get; init; } = new();
}
