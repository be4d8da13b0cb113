using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 StopTransactionResponse; generated from the official schemas.</summary>
public sealed record StopTransactionResponse
{
    [JsonProperty("idTagInfo", NullValueHandling = NullValueHandling.Ignore)]
    public IdTagInfo? IdTagInfo { get; init; }
}
