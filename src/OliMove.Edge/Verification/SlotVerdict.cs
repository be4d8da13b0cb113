namespace OliMove.Edge.Verification;

/// <summary>The verdict on one 15-minute slot: every plan made in it and, when a chain was given, its on-chain commitment.</summary>
/// <param name="SlotId">Quarter hours since the Unix epoch, as on chain.</param>
/// <param name="PlanCount">Archived plans (all groups, all revisions) in the slot.</param>
/// <param name="ChainChecked">False when verifying offline against the archive alone.</param>
public sealed record SlotVerdict(
    ulong SlotId,
    DateTimeOffset SlotStart,
    int PlanCount,
    string InputHash,
    string OutputHash,
    bool ChainChecked,
    IReadOnlyList<VerificationFinding> Findings)
{
    public bool Passed => Findings.Count == 0;
}
