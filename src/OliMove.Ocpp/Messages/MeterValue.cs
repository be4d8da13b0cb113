using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record MeterValue
{
    [JsonProperty("timestamp", Required = Required.Always)]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonProperty("sampledValue", Required = Required.Always)]
    public required IReadOnlyList<SampledValue> SampledValue { get; init; }
}
