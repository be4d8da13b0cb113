using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetCompositeScheduleResponse; generated from the official schemas.</summary>
public sealed record GetCompositeScheduleResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required AcceptanceStatus Status { get; init; }

    [JsonProperty("connectorId", NullValueHandling = NullValueHandling.Ignore)]
    public int? ConnectorId { get; init; }

    [JsonProperty("scheduleStart", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? ScheduleStart { get; init; }

    [JsonProperty("chargingSchedule", NullValueHandling = NullValueHandling.Ignore)]
    public ChargingSchedule? ChargingSchedule { get; init; }
}
