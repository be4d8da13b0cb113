using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetConfigurationResponse; generated from the official schemas.</summary>
public sealed record GetConfigurationResponse
{
    [JsonProperty("configurationKey", NullValueHandling = NullValueHandling.Ignore)]
    public IReadOnlyList<ConfigurationKey>? ConfigurationKey { get; init; }

    [JsonProperty("unknownKey", NullValueHandling = NullValueHandling.Ignore)]
    public IReadOnlyList<string>? UnknownKey { get; init; }
}
