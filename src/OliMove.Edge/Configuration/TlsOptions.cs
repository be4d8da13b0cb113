namespace OliMove.Edge.Configuration;

/// <summary>A PFX certificate turns the OCPP endpoint into wss:// (security profile 2).</summary>
public sealed class TlsOptions
{
    public string? CertificatePath { get; set; }

    /// <summary>Name of the environment variable that holds the certificate password; never the password itself.</summary>
    public string? CertificatePasswordVariable { get; set; }
}
