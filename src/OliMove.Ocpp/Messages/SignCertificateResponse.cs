using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Reply to SignCertificate: Accepted means the central system will send CertificateSigned.</summary>
public sealed record SignCertificateResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required AcceptanceStatus Status { get; init; }
}
