using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 RemoteStartTransaction request; generated from the official schemas.</summary>
public sealed record RemoteStartTransactionRequest : IOcppRequest<RemoteStartTransactionRequest, RemoteStartTransactionResponse>
{
    public static string Action => "RemoteStartTransaction";

    [JsonProperty("connectorId", NullValueHandling = NullValueHandling.Ignore)]
    public int? ConnectorId { get; init; }

    [JsonProperty("idTag", Required = Required.Always)]
    public required string IdTag { get; init; }

    [JsonProperty("chargingProfile", NullValueHandling = NullValueHandling.Ignore)]
    public ChargingProfile? ChargingProfile { get; init; }
}
