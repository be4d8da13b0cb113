using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetDiagnostics request; generated from the official schemas.</summary>
public sealed record GetDiagnosticsRequest : IOcppRequest<GetDiagnosticsRequest, GetDiagnosticsResponse>
{
    public static string Action => "GetDiagnostics";

    [JsonProperty("location", Required = Required.Always)]
    public required string Location { get; init; }

    [JsonProperty("retries", NullValueHandling = NullValueHandling.Ignore)]
    public int? Retries { get; init; }

    [JsonProperty("retryInterval", NullValueHandling = NullValueHandling.Ignore)]
    public int? RetryInterval { get; init; }

    [JsonProperty("startTime", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? StartTime { get; init; }

    [JsonProperty("stopTime", NullValueHandling = NullValueHandling.Ignore)]
    public DateTimeOffset? StopTime { get; init; }
}
