using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 RemoteStopTransaction request; generated from the official schemas.</summary>
public sealed record RemoteStopTransactionRequest : IOcppRequest<RemoteStopTransactionRequest, RemoteStopTransactionResponse>
{
    public static string Action => "RemoteStopTransaction";

    [JsonProperty("transactionId", Required = Required.Always)]
    public required int TransactionId { get; init; }
}
