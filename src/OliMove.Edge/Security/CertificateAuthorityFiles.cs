using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OliMove.Edge.Configuration;

namespace OliMove.Edge.Security;

/// <summary>Reads the CPO's CA from the PEM files named in Ocpp.Certificates, at start: a file that cannot be read
/// stops the service with a message naming its key, instead of every charger being refused later.</summary>
public static class CertificateAuthorityFiles
{
    public static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new EdgeConfigurationException($"Ocpp.Certificates.CaCertificatePath '{path}' is not a PEM certificate file: {e.Message}");
        }
        if (authorities.Count == 0)
        {
            throw new EdgeConfigurationException($"Ocpp.Certificates.CaCertificatePath '{path}' holds no certificate");
        }
        foreach (var authority in authorities)
        {
            if (authority.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                throw new EdgeConfigurationException($"Ocpp.Certificates.CaCertificatePath '{path}': '{authority.Subject}' is not a CA certificate (basic constraints)");
            }
        }
        return authorities;
    }

    public static X509Certificate2 LoadSigningAuthority(string certificatePath, string keyPath, string? passwordVariable)
    {
        passwordVariable = string.IsNullOrWhiteSpace(passwordVariable) ? null : passwordVariable;
        var password = passwordVariable is null ? null : Environment.GetEnvironmentVariable(passwordVariable);
        if (passwordVariable is not null && password is null)
        {
            throw new EdgeConfigurationException($"Ocpp.Certificates.CaKeyPasswordVariable names '{passwordVariable}', which is not set");
        }
        try
        {
            return password is null
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that is not the certificate's. The key file's content is never part of the message.
            throw new EdgeConfigurationException($"Ocpp.Certificates.CaKeyPath '{keyPath}' is not the PEM key of the first certificate in Ocpp.Certificates.CaCertificatePath: {e.Message}");
        }
    }
}
