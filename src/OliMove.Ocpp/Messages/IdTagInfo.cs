using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record IdTagInfo
{
    [JsonProperty("expiryDate", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? ExpiryDate { get; init; }

    [JsonProperty("parentIdTag", NullValueHandling = NullValueHandling.Ignore)]
    public string? ParentIdTag { get; init; }

    [JsonProperty("status", Required = Required.Always)]
    public required AuthorizationStatus Status { get; init; }
}
