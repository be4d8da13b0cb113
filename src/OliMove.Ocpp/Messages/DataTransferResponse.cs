using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 DataTransferResponse; generated from the official schemas.</summary>
public sealed record DataTransferResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required DataTransferStatus Status { get; init; }

    [JsonProperty("data", NullValueHandling = NullValueHandling.Ignore)]
    public string? Data { get; init; }
}
