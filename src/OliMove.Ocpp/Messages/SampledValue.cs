using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record SampledValue
{
    [JsonProperty("value", Required = Required.Always)]
    public required string Value { get; init; }

    [JsonProperty("context", NullValueHandling = NullValueHandling.Ignore)]
    public ReadingContext? Context { get; init; }

    [JsonProperty("format", NullValueHandling = NullValueHandling.Ignore)]
    public ValueFormat? Format { get; init; }

    [JsonProperty("measurand", NullValueHandling = NullValueHandling.Ignore)]
    public Measurand? Measurand { get; init; }

    [JsonProperty("phase", NullValueHandling = NullValueHandling.Ignore)]
    public Phase? Phase { get; init; }

    [JsonProperty("location", NullValueHandling = NullValueHandling.Ignore)]
    public Location? Location { get; init; }

    [JsonProperty("unit", NullValueHandling = NullValueHandling.Ignore)]
    public UnitOfMeasure? Unit { get; init; }
}
