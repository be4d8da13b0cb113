using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 GetDiagnosticsResponse; generated from the official schemas.</summary>
public sealed record GetDiagnosticsResponse
{
    [JsonProperty("fileName", NullValueHandling = NullValueHandling.Ignore)]
    public string? FileName { get; init; }
}
