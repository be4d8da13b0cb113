using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 AuthorizeResponse; generated from the official schemas.</summary>
public sealed record AuthorizeResponse
{
    [JsonProperty("idTagInfo", Required = Required.Always)]
    public required IdTagInfo IdTagInfo { get; init; }
}
