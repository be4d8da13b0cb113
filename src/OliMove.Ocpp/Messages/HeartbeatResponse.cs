using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 HeartbeatResponse; generated from the official schemas.</summary>
public sealed record HeartbeatResponse
{
    [JsonProperty("currentTime", Required = Required.Always)]
    public required DateTimeOffset CurrentTime { get; init; }
}
