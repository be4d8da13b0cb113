using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 TriggerMessageResponse; generated from the official schemas.</summary>
public sealed record TriggerMessageResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required TriggerMessageStatus Status { get; init; }
}
