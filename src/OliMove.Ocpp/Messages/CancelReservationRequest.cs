using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 CancelReservation request; generated from the official schemas.</summary>
public sealed record CancelReservationRequest : IOcppRequest<CancelReservationRequest, CancelReservationResponse>
{
    public static string Action => "CancelReservation";

    [JsonProperty("reservationId", Required = Required.Always)]
    public required int ReservationId { get; init; }
}
