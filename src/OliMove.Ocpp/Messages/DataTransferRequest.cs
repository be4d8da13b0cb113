using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 DataTransfer request; generated from the official schemas.</summary>
public sealed record DataTransferRequest : IOcppRequest<DataTransferRequest, DataTransferResponse>
{
    public static string Action => "DataTransfer";

    [JsonProperty("vendorId", Required = Required.Always)]
    public required string VendorId { get; init; }

    [JsonProperty("messageId", NullValueHandling = NullValueHandling.Ignore)]
    public string? MessageId { get; init; }

    [JsonProperty("data", NullValueHandling = NullValueHandling.Ignore)]
    public string? Data { get; init; }
}
