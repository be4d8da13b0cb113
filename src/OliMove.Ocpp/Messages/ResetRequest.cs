using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 Reset request; generated from the official schemas.</summary>
public sealed record ResetRequest : IOcppRequest<ResetRequest, ResetResponse>
{
    public static string Action => "Reset";

    [JsonProperty("type", Required = Required.Always)]
    public required ResetType Type { get; init; }
}
