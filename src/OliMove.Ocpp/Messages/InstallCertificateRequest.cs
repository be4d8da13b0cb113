using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of InstallCertificate (security extension, central system to charge point): a root certificate
/// (PEM) the charger is to trust. Written from the OCA schema in ocpp-schemas/security/.</summary>
public sealed record InstallCertificateRequest : IOcppRequest<InstallCertificateRequest, InstallCertificateResponse>
{
    public static string Action => "InstallCertificate";

    [JsonProperty("certificateType", Required = Required.Always)]
    public required CertificateUse CertificateType { get; init; }

    [JsonProperty("certificate", Required = Required.Always)]
    public required string Certificate { get; init; }
}
