using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 UpdateFirmware request; generated from the official schemas.</summary>
public sealed record UpdateFirmwareRequest : IOcppRequest<UpdateFirmwareRequest, UpdateFirmwareResponse>
{
    public static string Action => "UpdateFirmware";

    [JsonProperty("location", Required = Required.Always)]
    public required string Location { get; init; }

    [JsonProperty("retries", NullValueHandling = NullValueHandling.Ignore)]
    public int? Retries { get; init; }

    [JsonProperty("retrieveDate", Required = Required.Always)]
    public required DateTimeOffset RetrieveDate { get; init; }

    [JsonProperty("retryInterval", NullValueHandling = NullValueHandling.Ignore)]
    public int? RetryInterval { get; init; }
}
