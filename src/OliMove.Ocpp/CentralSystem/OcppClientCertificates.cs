using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace OliMove.Ocpp.CentralSystem;

public static class OcppClientCertificates
{
    /// <summary>
    /// Security profile 3 on a Kestrel HTTPS endpoint: the TLS handshake asks for a client certificate and lets any
    /// through, and <see cref="OcppEndpoint"/> decides before the upgrade. The decision needs the charge point id of
    /// the URL (its CN binding), and a refusal there is an HTTP 403 logged with that id; pages and the API on the same
    /// port, which never use the certificate, keep working without one (docs/decisions/0251).
    /// </summary>
    public static HttpsConnectionAdapterOptions AskForOcppClientCertificates(this HttpsConnectionAdapterOptions https)
    {
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (_, _, _) => true;
        return https;
    }
}
