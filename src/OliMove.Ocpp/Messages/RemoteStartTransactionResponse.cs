using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 RemoteStartTransactionResponse; generated from the official schemas.</summary>
public sealed record RemoteStartTransactionResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required AcceptanceStatus Status { get; init; }
}
