using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Reply to InstallCertificate.</summary>
public sealed record InstallCertificateResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required InstallCertificateStatus Status { get; init; }
}
