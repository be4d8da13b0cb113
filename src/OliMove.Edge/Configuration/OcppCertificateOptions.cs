namespace OliMove.Edge.Configuration;

/// <summary>
/// OCPP security profile 3 (TLS client certificates) and the security extension's certificate messages: the CPO's CA
/// that issues chargers' client certificates, and optionally its key, with which the edge signs chargers' CSRs
/// (SignCertificate). Files in PEM; paths relative to the config file. See docs/operations.md.
/// </summary>
public sealed class OcppCertificateOptions
{
    /// <summary>The CPO's CA certificate(s) in PEM; a charger's client certificate must chain to one of them.
    /// Needed for Ocpp.SecurityProfile 3. With <see cref="CaKeyPath"/>, the first certificate is the signing CA.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The signing CA's private key in PEM (PKCS#8, encrypted or not); absent: SignCertificate is Rejected.</summary>
    public string? CaKeyPath { get; set; }

    /// <summary>Name of the environment variable that holds the CA key's password; never the password itself.</summary>
    public string? CaKeyPasswordVariable { get; set; }

    /// <summary>The CPO name (the chargers' CpoName key): when set, certificates and CSRs must carry it as subject O.</summary>
    public string? Organization { get; set; }

    /// <summary>Validity of a certificate the edge signs for a charger, in days (never beyond the CA's own).</summary>
    public int IssuedCertificateValidityDays { get; set; } = 365;

    public void ResolvePaths(Func<string, string> full)
    {
        CaCertificatePath = string.IsNullOrWhiteSpace(CaCertificatePath) ? null : full(CaCertificatePath);
        CaKeyPath = string.IsNullOrWhiteSpace(CaKeyPath) ? null : full(CaKeyPath);
    }

    /// <summary>Each problem as one sentence naming its key.</summary>
    public IEnumerable<string> Check(int securityProfile, bool hasServerCertificate)
    {
        if (securityProfile == 3 && !hasServerCertificate)
        {
            yield return "Ocpp.SecurityProfile 3 needs Tls.CertificatePath (wss://)";
        }
        if (securityProfile == 3 && CaCertificatePath is null)
        {
            yield return "Ocpp.SecurityProfile 3 needs Ocpp.Certificates.CaCertificatePath (the CPO's CA that issues the chargers' certificates)";
        }
        if (CaKeyPath is not null && CaCertificatePath is null)
        {
            yield return "Ocpp.Certificates.CaKeyPath needs Ocpp.Certificates.CaCertificatePath";
        }
        if (CaCertificatePath is not null && !File.Exists(CaCertificatePath))
        {
            yield return $"Ocpp.Certificates.CaCertificatePath '{CaCertificatePath}' does not exist";
        }
        if (CaKeyPath is not null && !File.Exists(CaKeyPath))
        {
            yield return $"Ocpp.Certificates.CaKeyPath '{CaKeyPath}' does not exist";
        }
        if (IssuedCertificateValidityDays is < 1 or > 3650)
        {
            yield return "Ocpp.Certificates.IssuedCertificateValidityDays must be between 1 and 3650";
        }
    }
}
