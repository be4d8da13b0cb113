using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Signs a charger's CSR (security extension SignCertificate) with the CPO's CA key when one is configured. The CSR
/// must carry a valid self-signature, the charge point id as its subject CN (and the CPO name as O when configured)
/// and a key of at least RSA 2048 or EC 256 bits. Only the subject and the key are taken from the
/// CSR; the extensions are ours: an end-entity certificate for TLS client authentication (docs/decisions/0253).
/// </summary>
public sealed class ChargePointCertificateSigner(OcppCentralSystemOptions options)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public CertificateSigningOutcome Sign(string chargePointId, string csrPem, DateTimeOffset now)
    {
        if (options.CertificateSigningAuthority is not { HasPrivateKey: true } authority)
        {
            return CertificateSigningOutcome.Refused("no CA key is configured to sign chargers' certificates");
        }
        CertificateRequest request;
        try
        {
            // Default load options verify the CSR's signature and ignore the extensions it asks for.
            request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException e)
        {
            return CertificateSigningOutcome.Refused($"the CSR is not a valid PEM PKCS#10 request ({e.Message})");
        }
        if (CertificateSubject.Mismatch(request.SubjectName, chargePointId, options.CertificateOrganization) is { } mismatch)
        {
            return CertificateSigningOutcome.Refused(mismatch);
        }
        if (WeakKey(request.PublicKey) is { } weak)
        {
            return CertificateSigningOutcome.Refused(weak);
        }

        request.CertificateExtensions.Clear();
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // RSA keys may also carry a TLS 1.2 key exchange; EC keys sign (and agree keys) only.
        var usage = request.PublicKey.Oid.Value == "1.2.840.113549.1.1.1"
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        // Within the CA's own validity, which a certificate it signs may not exceed.
        var authorityStart = new DateTimeOffset(authority.NotBefore.ToUniversalTime());
        var authorityEnd = new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        if (now < authorityStart || now >= authorityEnd)
        {
            return CertificateSigningOutcome.Refused("the signing CA is not valid now");
        }
        var notBefore = now - ClockSkew < authorityStart ? authorityStart : now - ClockSkew;
        var notAfter = now + options.IssuedCertificateValidity > authorityEnd ? authorityEnd : now + options.IssuedCertificateValidity;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number (RFC 5280 §4.1.2.2)
        using var issued = request.Create(authority, notBefore, notAfter, serial);
        var chain = new StringBuilder()
            .Append(issued.ExportCertificatePem()).Append('\n')
            .Append(authority.ExportCertificatePem()).Append('\n')
            .ToString();
        return CertificateSigningOutcome.Signed(chain);
    }

    private static string? WeakKey(PublicKey key)
    {
        using var rsa = key.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize >= 2048 ? null : $"the CSR's RSA key has {rsa.KeySize} bits, at least 2048 are needed";
        }
        using var ec = key.GetECDsaPublicKey();
        if (ec is not null)
        {
            return ec.KeySize >= 256 ? null : $"the CSR's EC key has {ec.KeySize} bits, at least 256 are needed";
        }
        return "the CSR's key is neither RSA nor EC";
    }
}
