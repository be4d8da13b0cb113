using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 SetChargingProfileResponse; generated from the official schemas.</summary>
public sealed record SetChargingProfileResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required ChargingProfileStatus Status { get; init; }
}
