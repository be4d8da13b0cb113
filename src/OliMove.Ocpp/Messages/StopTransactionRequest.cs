using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 StopTransaction request; generated from the official schemas.</summary>
public sealed record StopTransactionRequest : IOcppRequest<StopTransactionRequest, StopTransactionResponse>
{
    public static string Action => "StopTransaction";

    [JsonProperty("idTag", NullValueHandling = NullValueHandling.Ignore)]
    public string? IdTag { get; init; }

    [JsonProperty("meterStop", Required = Required.Always)]
    public required int MeterStop { get; init; }

    [JsonProperty("timestamp", Required = Required.Always)]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonProperty("transactionId", Required = Required.Always)]
    public required int TransactionId { get; init; }

    [JsonProperty("reason", NullValueHandling = NullValueHandling.Ignore)]
    public Reason? Reason { get; init; }

    [JsonProperty("transactionData", NullValueHandling = NullValueHandling.Ignore)]
    public IReadOnlyList<MeterValue>? TransactionData { get; init; }
}
