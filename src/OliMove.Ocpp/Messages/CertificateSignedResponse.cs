using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Reply to CertificateSigned: whether the charger took the certificate (it uses it from its next connection).</summary>
public sealed record CertificateSignedResponse
{
    [JsonProperty("status", Required = Required.Always)]
    public required AcceptanceStatus Status { get; init; }
}
