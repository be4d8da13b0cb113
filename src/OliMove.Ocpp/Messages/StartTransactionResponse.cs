using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 StartTransactionResponse; generated from the official schemas.</summary>
public sealed record StartTransactionResponse
{
    [JsonProperty("idTagInfo", Required = Required.Always)]
    public required IdTagInfo IdTagInfo { get; init; }

    [JsonProperty("transactionId", Required = Required.Always)]
    public required int TransactionId { get; init; }
}
