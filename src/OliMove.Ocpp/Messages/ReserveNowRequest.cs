using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 ReserveNow request; generated from the official schemas.</summary>
public sealed record ReserveNowRequest : IOcppRequest<ReserveNowRequest, ReserveNowResponse>
{
    public static string Action => "ReserveNow";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("expiryDate", Required = Required.Always)]
    public required DateTimeOffset ExpiryDate { get; init; }

    [JsonProperty("idTag", Required = Required.Always)]
    public required string IdTag { get; init; }

    [JsonProperty("parentIdTag", NullValueHandling = NullValueHandling.Ignore)]
    public string? ParentIdTag { get; init; }

    [JsonProperty("reservationId", Required = Required.Always)]
    public required int ReservationId { get; init; }
}
