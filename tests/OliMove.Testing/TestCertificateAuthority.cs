using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OliMove.Testing;

/// <summary>
/// A CPO's certificate authority made in the test (nothing is checked in): it issues chargers' TLS client
/// certificates (OCPP security profile 3) and a server certificate for 127.0.0.1. Keys are EC P-256, which are made
/// in a millisecond where RSA 2048 takes up to a second on a busy machine. Every certificate it returns has its
/// private key and was passed through PKCS#12 once, so that TLS on Linux can use the key.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private TestCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public static TestCertificateAuthority Create(string name = "OliMove Test CPO Root CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=OliMove Test CPO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5));
        return new TestCertificateAuthority(Reload(created));
    }

    /// <summary>A charger's client certificate with subject CN <paramref name="commonName"/>, valid from
    /// <paramref name="notBefore"/> (default: yesterday) to <paramref name="notAfter"/> (default: in a year).</summary>
    public X509Certificate2 IssueClientCertificate(string commonName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string organization = "OliMove Test CPO")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(commonName, organization), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], false));
        return Issue(request, key, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A server certificate for https://127.0.0.1 (a client accepts it by its thumbprint).</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        return Issue(request, key, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A PEM PKCS#10 request for <paramref name="commonName"/>, signed with <paramref name="key"/>.</summary>
    public static string SigningRequestPem(string commonName, ECDsa key, string organization = "OliMove Test CPO") =>
        new CertificateRequest(Subject(commonName, organization), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    /// <summary>The same with an RSA key (e.g. one too short).</summary>
    public static string SigningRequestPem(string commonName, RSA key, string organization = "OliMove Test CPO") =>
        new CertificateRequest(Subject(commonName, organization), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();

    /// <summary>The leaf of a PEM chain joined with <paramref name="key"/>, ready for TLS.</summary>
    public static X509Certificate2 WithKey(string pemChain, ECDsa key)
    {
        using var leaf = X509Certificate2.CreateFromPem(pemChain);
        using var joined = leaf.CopyWithPrivateKey(key);
        return Reload(joined);
    }

    /// <summary>Writes the CA certificate and, when asked, its key as PEM files; returns their paths.</summary>
    public (string CertificatePath, string KeyPath) WritePem(string directory)
    {
        var certificatePath = Path.Combine(directory, "cpo-ca.pem");
        var keyPath = Path.Combine(directory, "cpo-ca.key");
        File.WriteAllText(certificatePath, Certificate.ExportCertificatePem());
        using var key = Certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    public void Dispose() => Certificate.Dispose();

    private static X500DistinguishedName Subject(string commonName, string organization)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(organization);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private X509Certificate2 Issue(CertificateRequest request, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, notBefore, notAfter, serial);
        using var joined = issued.CopyWithPrivateKey(key);
        return Reload(joined);
    }

    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
