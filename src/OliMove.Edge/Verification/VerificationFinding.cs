namespace OliMove.Edge.Verification;

/// <summary>One thing that did not check out: what (the check's name), where (which plan or record) and the detail.</summary>
/// <param name="What">The check that failed, e.g. "input SHA-256", "replayed plan", "chain input hash", "algorithm code hash".</param>
/// <param name="Where">The plan ("group G, plan start T, revision R"), the slot's chain record, or the registry entry.</param>
/// <param name="Detail">Expected against found, in words a reader can act on.</param>
public sealed record VerificationFinding(string What, string Where, string Detail)
{
    public override string ToString() => $"{What} at {Where}: {Detail}";
}
