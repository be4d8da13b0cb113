using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 Authorize request; generated from the official schemas.</summary>
public sealed record AuthorizeRequest : IOcppRequest<AuthorizeRequest, AuthorizeResponse>
{
    public static string Action => "Authorize";

    [JsonProperty("idTag", Required = Required.Always)]
    public required string IdTag { get; init; }
}
