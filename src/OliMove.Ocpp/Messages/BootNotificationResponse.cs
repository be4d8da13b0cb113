using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 BootNotificationResponse; generated from the official schemas.</summary>
public sealed record BootNotificationResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required RegistrationStatus Status { get; init; }

    [JsonProperty("currentTime", Required = Required.Always)]
    public required DateTimeOffset CurrentTime { get; init; }

    [JsonProperty("interval", Required = Required.Always)]
    public required int Interval { get; init; }
}
