using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ChangeConfiguration request; generated from the official schemas.</summary>
public sealed record ChangeConfigurationRequest : IOcppRequest<ChangeConfigurationRequest, ChangeConfigurationResponse>
{
    public static string Action => "ChangeConfiguration";

    [JsonProperty("key", Required = Required.Always)]
    public required string Key { get; init; }

    [JsonProperty("value", Required = Required.Always)]
    public required string Value { get; init; }
}
