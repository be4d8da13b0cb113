using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 data type; generated from the official schemas.</summary>
public sealed record AuthorizationData
{
    [JsonProperty("idTag", Required = Required.Always)]
    public required string IdTag { get; init; }

    [JsonProperty("idTagInfo", NullValueHandling = NullValueHandling.Ignore)]
    public IdTagInfo? IdTagInfo { get; init; }
}
