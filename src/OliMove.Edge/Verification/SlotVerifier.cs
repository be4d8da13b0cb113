using System.Globalization;
using System.Text;
using OliMove.Chain;
using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// Checks archived slots: each plan's input against its SHA-256 and its canonical form, the allocator re-run on
/// that input against the archived plan, the algorithm named in the archive against this build, and, when a
/// chain is given, the slot's on-chain commitment against the hashes recomputed from the archive and the
/// registry's code and parameters hashes against this build. Hashes are always recomputed from the archived
/// JSON, never taken from the archive's hash columns, so an edited plan cannot hide behind its old hash.
/// </summary>
public sealed class SlotVerifier(AlgorithmExpectation expected, IChainRecords? chain)
{
    private readonly Dictionary<uint, IReadOnlyList<VerificationFinding>> _registryFindings = [];

    /// <summary>One verdict per slot that has archived plans, in slot order.</summary>
    public async Task<IReadOnlyList<SlotVerdict>> VerifyAsync(IEnumerable<SlotPlanRecord> plans, CancellationToken ct)
    {
        var verdicts = new List<SlotVerdict>();
        foreach (var slot in plans.GroupBy(p => SlotClock.StartOf(p.SlotStart)).OrderBy(g => g.Key))
        {
            verdicts.Add(await VerifySlotAsync(slot.Key, slot.ToList(), ct));
        }

        return verdicts;
    }

    private async Task<SlotVerdict> VerifySlotAsync(DateTimeOffset slotStart, IReadOnlyList<SlotPlanRecord> plans, CancellationToken ct)
    {
        var findings = new List<VerificationFinding>();
        foreach (var plan in plans)
        {
            findings.AddRange(VerifyPlan(plan));
        }

        // The commitment as it must be on chain, from the archived JSON itself (same rule as SlotCommitter).
        var recomputed = plans.Select(p => p with { InputSha256 = Sha256(p.InputJson), OutputSha256 = Sha256(p.OutputJson) });
        var (inputHash, outputHash) = SlotCommitment.Combine(recomputed);
        var slotId = ChainIds.SlotId(slotStart);
        if (chain is not null)
        {
            findings.AddRange(await VerifyOnChainAsync(slotId, inputHash, outputHash, ct));
        }

        return new SlotVerdict(slotId, slotStart, plans.Count, inputHash, outputHash, chain is not null, findings);
    }

    private List<VerificationFinding> VerifyPlan(SlotPlanRecord plan)
    {
        var findings = new List<VerificationFinding>();
        var where = $"group {plan.GroupId}, plan start {plan.SlotStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}, revision {plan.Revision}";
        if (!string.Equals(plan.AlgorithmVersion, expected.VersionId, StringComparison.Ordinal))
        {
            findings.Add(new VerificationFinding("algorithm version", where, $"the archive names '{plan.AlgorithmVersion}', this build is '{expected.VersionId}'; verify with that release"));
        }

        if (Sha256(plan.InputJson) is var inputSha && !string.Equals(inputSha, plan.InputSha256, StringComparison.Ordinal))
        {
            findings.Add(new VerificationFinding("input SHA-256", where, $"the archived input hashes to {inputSha}, the archive recorded {plan.InputSha256}: the input was changed after planning"));
        }

        if (Sha256(plan.OutputJson) is var outputSha && !string.Equals(outputSha, plan.OutputSha256, StringComparison.Ordinal))
        {
            findings.Add(new VerificationFinding("output SHA-256", where, $"the archived plan hashes to {outputSha}, the archive recorded {plan.OutputSha256}: the plan was changed after planning"));
        }

        GroupSnapshot snapshot;
        try
        {
            snapshot = SnapshotJsonReader.Read(plan.InputJson);
        }
        catch (Exception e) when (e is SnapshotFormatException or SnapshotValidationException)
        {
            findings.Add(new VerificationFinding("archived input", where, $"not a valid snapshot: {e.Message}"));
            return findings;
        }

        var canonicalInput = CanonicalJson.Snapshot(snapshot);
        if (CanonicalJsonDifference.Describe(plan.InputJson, canonicalInput) is { } inputDifference)
        {
            findings.Add(new VerificationFinding("input canonical form", where, $"the archived input is not in canonical form: {inputDifference}"));
        }

        var replayed = CanonicalJson.Plan(SlotAllocator.Plan(snapshot));
        if (CanonicalJsonDifference.Describe(plan.OutputJson, replayed) is { } planDifference)
        {
            findings.Add(new VerificationFinding("replayed plan", where, $"re-running {expected.VersionId} on the archived input gives another plan ({Sha256(replayed)[..16]}… instead of {Sha256(plan.OutputJson)[..16]}…): {planDifference}"));
        }

        return findings;
    }

    private async Task<IReadOnlyList<VerificationFinding>> VerifyOnChainAsync(ulong slotId, string inputHash, string outputHash, CancellationToken ct)
    {
        var where = $"slot {slotId} on chain";
        var commitments = await chain!.SlotCommitmentsAsync(slotId, ct);
        if (commitments.Count == 0)
        {
            return [new VerificationFinding("chain commitment", where, "no SlotCommitted event for this slot: it was never recorded (or not yet: check the outbox)")];
        }

        var findings = new List<VerificationFinding>();
        if (commitments.Count > 1)
        {
            findings.Add(new VerificationFinding("chain commitment", where, $"{commitments.Count} SlotCommitted events where the contract allows one"));
        }

        var onChain = commitments[0];
        if (!string.Equals(onChain.InputHash, inputHash, StringComparison.Ordinal))
        {
            findings.Add(new VerificationFinding("chain input hash", where, $"the chain committed {onChain.InputHash}, the archived inputs give {inputHash}: an archived input is not the one planned on"));
        }

        if (!string.Equals(onChain.OutputHash, outputHash, StringComparison.Ordinal))
        {
            findings.Add(new VerificationFinding("chain output hash", where, $"the chain committed {onChain.OutputHash}, the archived plans give {outputHash}: an archived plan is not the one dispatched"));
        }

        if (onChain.AlgorithmVersion != expected.VersionNumber)
        {
            findings.Add(new VerificationFinding("algorithm version", where, $"the slot names algorithm version {onChain.AlgorithmVersion}, this build is version {expected.VersionNumber}; verify with that release"));
        }

        findings.AddRange(await RegistryFindingsAsync(onChain.AlgorithmVersion, ct));
        return findings;
    }

    private async Task<IReadOnlyList<VerificationFinding>> RegistryFindingsAsync(uint version, CancellationToken ct)
    {
        if (_registryFindings.TryGetValue(version, out var cached))
        {
            return cached;
        }

        var where = $"AlgorithmRegistry version {version}";
        var findings = new List<VerificationFinding>();
        var published = await chain!.AlgorithmAsync(version, ct);
        if (published is null)
        {
            findings.Add(new VerificationFinding("algorithm registry", where, "the version the slot names was never published"));
        }
        else if (version == expected.VersionNumber)
        {
            if (!string.Equals(published.CodeHash, expected.CodeHash, StringComparison.Ordinal))
            {
                findings.Add(new VerificationFinding("algorithm code hash", where, $"the registry publishes code {published.CodeHash}, this build's OliMove.Scheduling.dll is {expected.CodeHash}: the code that planned is not this code"));
            }

            if (!string.Equals(published.ParametersHash, expected.ParametersHash, StringComparison.Ordinal))
            {
                findings.Add(new VerificationFinding("algorithm parameters hash", where, $"the registry publishes parameters {published.ParametersHash}, this build's are {expected.ParametersHash}: the parameters that planned are not these"));
            }
        }

        _registryFindings[version] = findings;
        return findings;
    }

    private static string Sha256(string json) => CanonicalJson.Sha256Hex(Encoding.UTF8.GetBytes(json));
}
