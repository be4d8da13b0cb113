namespace OliMove.Ocpp.CentralSystem;

/// <summary>What became of a CSR: the PEM chain to send in CertificateSigned (leaf first), or why it was refused.</summary>
public sealed record CertificateSigningOutcome(string? CertificateChain, string? Refusal)
{
    public static CertificateSigningOutcome Signed(string chain) => new(chain, null);

    public static CertificateSigningOutcome Refused(string reason) => new(null, reason);
}
