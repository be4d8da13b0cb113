using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 UnlockConnectorResponse; generated from the official schemas.</summary>
public sealed record UnlockConnectorResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required UnlockStatus Status { get; init; }
}
