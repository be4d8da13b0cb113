using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetCompositeSchedule request; generated from the official schemas.</summary>
public sealed record GetCompositeScheduleRequest : IOcppRequest<GetCompositeScheduleRequest, GetCompositeScheduleResponse>
{
    public static string Action => "GetCompositeSchedule";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("duration", Required = Required.Always)]
    public required int Duration { get; init; }

    [JsonProperty("chargingRateUnit", NullValueHandling = NullValueHandling.Ignore)]
    public ChargingRateUnitType? ChargingRateUnit { get; init; }
}
