using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ClearChargingProfileResponse; generated from the official schemas.</summary>
public sealed record ClearChargingProfileResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required ClearChargingProfileStatus Status { get; init; }
}
