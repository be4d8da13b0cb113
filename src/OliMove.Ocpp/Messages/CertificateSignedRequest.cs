using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of CertificateSigned (security extension, central system to charge point): the signed
/// certificate and its issuers as PEM, leaf first. Written from the OCA schema in ocpp-schemas/security/.</summary>
public sealed record CertificateSignedRequest : IOcppRequest<CertificateSignedRequest, CertificateSignedResponse>
{
    public static string Action => "CertificateSigned";

    [JsonProperty("certificateChain", Required = Required.Always)]
    public required string CertificateChain { get; init; }
}
