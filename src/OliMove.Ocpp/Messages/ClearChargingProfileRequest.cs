using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ClearChargingProfile request; generated from the official schemas.</summary>
public sealed record ClearChargingProfileRequest : IOcppRequest<ClearChargingProfileRequest, ClearChargingProfileResponse>
{
    public static string Action => "ClearChargingProfile";

    [JsonProperty("id", NullValueHandling = NullValueHandling.Ignore)]
    public int? Id { get; init; }

    [JsonProperty("connectorId", NullValueHandling = NullValueHandling.Ignore)]
    public int? ConnectorId { get; init; }

    [JsonProperty("chargingProfilePurpose", NullValueHandling = NullValueHandling.Ignore)]
    public ChargingProfilePurposeType? ChargingProfilePurpose { get; init; }

    [JsonProperty("stackLevel", NullValueHandling = NullValueHandling.Ignore)]
    public int? StackLevel { get; init; }
}
