using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record ChargingSchedulePeriod
{
    [JsonProperty("startPeriod", Required = Required.Always)]
    public required int StartPeriod { get; init; }

    [JsonProperty("limit", Required = Required.Always)]
    public required decimal Limit { get; init; }

    [JsonProperty("numberPhases", NullValueHandling = NullValueHandling.Ignore)]
    public int? NumberPhases { get; init; }
}
