using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ChangeAvailabilityResponse; generated from the official schemas.</summary>
public sealed record ChangeAvailabilityResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required AvailabilityStatus Status { get; init; }
}
