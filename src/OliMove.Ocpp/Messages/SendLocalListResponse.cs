using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 SendLocalListResponse; generated from the official schemas.</summary>
public sealed record SendLocalListResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required UpdateStatus Status { get; init; }
}
