using System.Globalization;
using System.Text;
using Nethereum.Util;
using OliMove.Chain;
using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// Checks archived slots: each plan's input against its SHA-256 and its canonical form, the allocator re-run on
/// that input against the archived plan, the algorithm named in the archive against this build, and, when a
/// chain is given, the slot's on-chain commitment against the hashes recomputed from the archive and the
/// registry's code and parameters hashes against this build, the commit's block time against the slot's end,
/// the status rows of the slot's record in the archive's outbox against the commitment's rowsHash,
/// and, over a whole range, that no slot committed on chain is missing from the archive. Hashes are always
/// recomputed from the archived JSON, never taken from the archive's hash columns, so an edited plan cannot
/// hide behind its old hash.
/// </summary>
/// <param name="maxCommitDelay">How long after its slot's end a commitment may land before it is reported as late.</param>
public sealed class SlotVerifier(AlgorithmExpectation expected, IChainRecords? chain, TimeSpan maxCommitDelay)
{
    /// <summary>Longest range whose quarter hours are each looked up for a commitment the archive lacks (a year).</summary>
    public static readonly TimeSpan LongestCompleteRange = TimeSpan.FromDays(366);

    private readonly Dictionary<uint, IReadOnlyList<VerificationFinding>> _registryFindings = [];
    private readonly Dictionary<string, uint> _assetIndices = new(StringComparer.Ordinal);
    private ILookup<ulong, OnChainCommitment>? _commitments;
    private IReadOnlyDictionary<ulong, SlotStatusPayload> _slotRecords = new Dictionary<ulong, SlotStatusPayload>();

    /// <summary>
    /// One verdict per slot that has archived plans and, with a chain and <paramref name="completeRange"/> (the
    /// whole [from, to) asked for, not one session's slots), one per slot committed on chain in that range but
    /// absent from the archive; in slot order.
    /// </summary>
    /// <param name="slotRecords">The slot records the archive's database queued for the chain (status rows included), by slot id; may be empty.</param>
    public async Task<IReadOnlyList<SlotVerdict>> VerifyAsync(IEnumerable<SlotPlanRecord> plans, IReadOnlyDictionary<ulong, SlotStatusPayload> slotRecords, (DateTimeOffset From, DateTimeOffset To)? completeRange, CancellationToken ct)
    {
        _slotRecords = slotRecords;
        if (chain is not null)
        {
            _commitments = (await chain.SlotCommitmentsAsync(ct)).ToLookup(c => c.SlotId);
        }

        var verdicts = new List<SlotVerdict>();
        var archived = plans.GroupBy(p => SlotClock.StartOf(p.SlotStart)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (slotStart, slotPlans) in archived.OrderBy(s => s.Key))
        {
            verdicts.Add(await VerifySlotAsync(slotStart, slotPlans, ct));
        }

        if (_commitments is not null && completeRange is { } range && range.To - range.From <= LongestCompleteRange)
        {
            for (var slotStart = SlotClock.StartOf(range.From); slotStart < range.To; slotStart += SlotClock.SlotLength)
            {
                var slotId = ChainIds.SlotId(slotStart);
                if (!archived.ContainsKey(slotStart) && _commitments[slotId].FirstOrDefault() is { } onChain)
                {
                    verdicts.Add(new SlotVerdict(slotId, slotStart, 0, "", "", true,
                        [new VerificationFinding("archive", $"slot {slotId}", $"the chain has this slot's commitment (input hash {onChain.InputHash[..16]}…, committed {Iso(onChain.CommittedAt)}) but the archive has no plan for it: plans were deleted or never archived")]));
                }
            }
        }

        return [.. verdicts.OrderBy(v => v.SlotStart)];
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
            findings.AddRange(await VerifyOnChainAsync(slotId, slotStart + SlotClock.SlotLength, inputHash, outputHash, ct));
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

        var replayed = CanonicalJson.Plan(OliMove.Scheduling.Batteries.BatteryAllocator.Plan(snapshot));
        if (CanonicalJsonDifference.Describe(plan.OutputJson, replayed) is { } planDifference)
        {
            findings.Add(new VerificationFinding("replayed plan", where, $"re-running {expected.VersionId} on the archived input gives another plan ({Sha256(replayed)[..16]}… instead of {Sha256(plan.OutputJson)[..16]}…): {planDifference}"));
        }

        return findings;
    }

    private async Task<IReadOnlyList<VerificationFinding>> VerifyOnChainAsync(ulong slotId, DateTimeOffset slotEnd, string inputHash, string outputHash, CancellationToken ct)
    {
        var where = $"slot {slotId} on chain";
        var commitments = _commitments![slotId].ToList();
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

        if (onChain.CommittedAt - slotEnd > maxCommitDelay)
        {
            findings.Add(new VerificationFinding("late commit", where, $"committed {Iso(onChain.CommittedAt)}, {(onChain.CommittedAt - slotEnd).TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min after the slot ended ({Iso(slotEnd)}), more than the {maxCommitDelay.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min allowed: the record could have been written knowing what happened after the slot"));
        }

        if (_slotRecords.TryGetValue(slotId, out var record))
        {
            findings.AddRange(await StatusRowFindingsAsync(where, record, onChain, ct));
        }

        // The slot is judged against the version it names: the registry says which code and parameters that is.
        findings.AddRange(await RegistryFindingsAsync(onChain.AlgorithmVersion, ct));
        return findings;
    }

    /// <summary>
    /// The archived slot record's status rows, packed as the outbox packs them (asset index from the AssetRegistry),
    /// hashed as AssetStatus does (keccak256 of the concatenated 32-byte words), against the chain's rowsHash.
    /// </summary>
    private async Task<IReadOnlyList<VerificationFinding>> StatusRowFindingsAsync(string where, SlotStatusPayload record, OnChainCommitment onChain, CancellationToken ct)
    {
        var findings = new List<VerificationFinding>();
        if (record.AlgorithmVersion != onChain.AlgorithmVersion)
        {
            findings.Add(new VerificationFinding("slot record", where, $"the archived slot record names algorithm version {record.AlgorithmVersion}, the chain's names {onChain.AlgorithmVersion}"));
        }

        var packed = new byte[32 * record.Rows.Count];
        for (var i = 0; i < record.Rows.Count; i++)
        {
            var row = record.Rows[i];
            if (!_assetIndices.TryGetValue(row.AssetId, out var index))
            {
                index = await chain!.AssetIndexAsync(row.AssetId, ct);
                _assetIndices[row.AssetId] = index;
            }

            var word = new PackedStatusRow(index, row.Status, row.SetpointW, row.MeasuredW, (uint)row.UserEnergyLeftWh, (uint)row.UserTimeLeftS).ToWord();
            // A uint256 is 32 bytes big-endian: right-aligned, leading zeros (the array starts zeroed).
            var bytes = word.ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(packed, (32 * i) + 32 - bytes.Length);
        }

        var rowsHash = Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(packed));
        if (!string.Equals(rowsHash, onChain.RowsHash, StringComparison.Ordinal) || record.Rows.Count != onChain.RowCount)
        {
            findings.Add(new VerificationFinding("status rows", where, $"the archived slot record's {record.Rows.Count} status row(s) hash to {rowsHash}, the chain committed {onChain.RowCount} row(s) as {onChain.RowsHash}: a status row (status, setpoint, measured power, energy or time left) differs"));
        }

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
        else
        {
            var thisBuild = expected.VersionNumber is { } number ? $"this build (version {number} on this chain)" : "this build (not published on this chain)";
            if (!string.Equals(published.CodeHash, expected.CodeHash, StringComparison.Ordinal))
            {
                findings.Add(new VerificationFinding("algorithm code hash", where, $"the slot ran code {published.CodeHash} ({published.Description}); {thisBuild} is OliMove.Scheduling.dll {expected.CodeHash}: verify this slot with the release whose OliMove.Scheduling.dll has SHA-256 {published.CodeHash}"));
            }

            if (!string.Equals(published.ParametersHash, expected.ParametersHash, StringComparison.Ordinal))
            {
                findings.Add(new VerificationFinding("algorithm parameters hash", where, $"the slot ran parameters {published.ParametersHash} ({published.Description}); {thisBuild} has {expected.ParametersHash}: verify this slot with the release that carries those parameters"));
            }
        }

        _registryFindings[version] = findings;
        return findings;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Sha256(string json) => CanonicalJson.Sha256Hex(Encoding.UTF8.GetBytes(json));
}
