namespace OliMove.Edge.Verification;

/// <summary>The verdict on one session's settlement: the chain's Settled event against the bill and tokens recomputed from the archive.</summary>
/// <param name="Session">tx-N, or the on-chain session id (hex) of a settlement the archive does not know.</param>
public sealed record SessionVerdict(string Session, IReadOnlyList<VerificationFinding> Findings)
{
    public bool Passed => Findings.Count == 0;
}
