using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record ConfigurationKey
{
    [JsonProperty("key", Required = Required.Always)]
    public required string Key { get; init; }

    [JsonProperty("readonly", Required = Required.Always)]
    public required bool Readonly { get; init; }

    [JsonProperty("value", NullValueHandling = NullValueHandling.Ignore)]
    public string? Value { get; init; }
}
