using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetLocalListVersionResponse; generated from the official schemas.</summary>
public sealed record GetLocalListVersionResponse
{
    [JsonProperty("listVersion", Required = Required.Always)]
    public required int ListVersion { get; init; }
}
