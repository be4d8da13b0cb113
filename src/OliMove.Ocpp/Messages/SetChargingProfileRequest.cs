using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 SetChargingProfile request; generated from the official schemas.</summary>
public sealed record SetChargingProfileRequest : IOcppRequest<SetChargingProfileRequest, SetChargingProfileResponse>
{
    public static string Action => "SetChargingProfile";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("csChargingProfiles", Required = Required.Always)]
    public required ChargingProfile CsChargingProfiles { get; init; }
}
