using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Security profile 3 (OCPP 1.6 security whitepaper §2.5): a charger's TLS client certificate is accepted only when
/// it chains to one of the CPO's CAs, is valid now and names the charge point of the URL in its subject CN (and the
/// CPO in O when configured). Revocation is not checked: a site controller reaches no CRL or OCSP responder
/// (docs/decisions/0251).
/// </summary>
public sealed class ChargePointCertificateValidator(OcppCentralSystemOptions options)
{
    // id-kp-clientAuth (RFC 5280 §4.2.1.12): a certificate that lists extended key usages must allow TLS clients.
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Null when <paramref name="certificate"/> may connect as <paramref name="chargePointId"/>; else why not,
    /// in words fit for the log and the security event.</summary>
    public string? Refusal(X509Certificate2? certificate, string chargePointId, DateTimeOffset now)
    {
        if (certificate is null)
        {
            return "no client certificate was presented";
        }
        if (options.ClientCertificateAuthorities.Count == 0)
        {
            return "no CA for client certificates is configured";
        }
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now < notBefore || now > notAfter)
        {
            return $"the certificate is valid from {notBefore:u} to {notAfter:u}, not now";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(options.ClientCertificateAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (!chain.Build(certificate))
        {
            var reasons = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
            return $"the certificate does not chain to the CPO's CA ({string.Join(", ", reasons)})";
        }
        return CertificateSubject.Mismatch(certificate.SubjectName, chargePointId, options.CertificateOrganization);
    }
}
