using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record ChargingSchedule
{
    [JsonProperty("duration", NullValueHandling = NullValueHandling.Ignore)]
    public int? Duration { get; init; }

    [JsonProperty("startSchedule", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? StartSchedule { get; init; }

    [JsonProperty("chargingRateUnit", Required = Required.Always)]
    public required ChargingRateUnitType ChargingRateUnit { get; init; }

    [JsonProperty("chargingSchedulePeriod", Required = Required.Always)]
    public required IReadOnlyList<ChargingSchedulePeriod> ChargingSchedulePeriod { get; init; }

    [JsonProperty("minChargingRate", NullValueHandling = NullValueHandling.Ignore)]
    public decimal? MinChargingRate { get; init; }
}
