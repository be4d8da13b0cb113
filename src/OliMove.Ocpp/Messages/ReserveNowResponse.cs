using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ReserveNowResponse; generated from the official schemas.</summary>
public sealed record ReserveNowResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required ReservationStatus Status { get; init; }
}
