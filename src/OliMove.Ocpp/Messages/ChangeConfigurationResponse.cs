using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ChangeConfigurationResponse; generated from the official schemas.</summary>
public sealed record ChangeConfigurationResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required ConfigurationStatus Status { get; init; }
}
