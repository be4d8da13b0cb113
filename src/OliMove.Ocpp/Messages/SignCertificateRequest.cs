using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of SignCertificate (security extension, charge point to central system): a PEM certificate
/// signing request for the charger's client certificate. Written from the OCA schema in ocpp-schemas/security/.</summary>
public sealed record SignCertificateRequest : IOcppRequest<SignCertificateRequest, SignCertificateResponse>
{
    public static string Action => "SignCertificate";

    [JsonProperty("csr", Required = Required.Always)]
    public required string Csr { get; init; }
}
