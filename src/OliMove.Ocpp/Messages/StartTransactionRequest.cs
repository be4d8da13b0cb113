using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 StartTransaction request; generated from the official schemas.</summary>
public sealed record StartTransactionRequest : IOcppRequest<StartTransactionRequest, StartTransactionResponse>
{
    public static string Action => "StartTransaction";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("idTag", Required = Required.Always)]
    public required string IdTag { get; init; }

    [JsonProperty("meterStart", Required = Required.Always)]
    public required int MeterStart { get; init; }

    [JsonProperty("reservationId", NullValueHandling = NullValueHandling.Ignore)]
    public int? ReservationId { get; init; }

    [JsonProperty("timestamp", Required = Required.Always)]
    public required DateTimeOffset Timestamp { get; init; }
}
