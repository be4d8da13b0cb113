using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetConfiguration request; generated from the official schemas.</summary>
public sealed record GetConfigurationRequest : IOcppRequest<GetConfigurationRequest, GetConfigurationResponse>
{
    public static string Action => "GetConfiguration";

    [JsonProperty("key", NullValueHandling = NullValueHandling.Ignore)]
    public IReadOnlyList<string>? Key { get; init; }
}
