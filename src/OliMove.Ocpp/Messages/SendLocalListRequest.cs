using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 SendLocalList request; generated from the official schemas.</summary>
public sealed record SendLocalListRequest : IOcppRequest<SendLocalListRequest, SendLocalListResponse>
{
    public static string Action => "SendLocalList";

    [JsonProperty("listVersion", Required = Required.Always)]
    public required int ListVersion { get; init; }

    [JsonProperty("localAuthorizationList", NullValueHandling = NullValueHandling.Ignore)]
    public IReadOnlyList<AuthorizationData>? LocalAuthorizationList { get; init; }

    [JsonProperty("updateType", Required = Required.Always)]
    public required UpdateType UpdateType { get; init; }
}
