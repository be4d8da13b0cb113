using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// The plans `verify` checks, from the service's SQLite file, its exported archive files, or both (decision 0221). A
/// plan found in both (the retention exports before it deletes) is taken once when the two are byte for byte the
/// same; when they differ both are kept, so the slot's commitment no longer matches and the verdict says so.
/// </summary>
public static class ArchivedPlans
{
    public static async Task<IReadOnlyList<SlotPlanRecord>> ReadAsync(string? databasePath, string? archiveDirectory, DateTimeOffset from, DateTimeOffset to, string? sessionId, CancellationToken ct)
    {
        IReadOnlyList<SlotPlanRecord> Keep(IReadOnlyList<SlotPlanRecord> plans) =>
            sessionId is null ? plans : SessionSlots.PlansOfSlotsWith(plans, sessionId);

        var plans = new List<SlotPlanRecord>();
        if (archiveDirectory is not null)
        {
            plans.AddRange(await SlotArchiveFileReader.ReadRangeAsync(archiveDirectory, from, to, Keep, ct));
        }

        if (databasePath is not null)
        {
            await using var database = await ArchiveReader.OpenAsync(databasePath, ct);
            var seen = plans.ToLookup(p => new ArchivedPlanKey(p.GroupId, p.SlotStart, p.Revision));
            foreach (var plan in await ArchiveReader.PlansAsync(database, from, to, ct))
            {
                var key = new ArchivedPlanKey(plan.GroupId, plan.SlotStart, plan.Revision);
                if (!seen[key].Any(p => p.InputJson == plan.InputJson && p.OutputJson == plan.OutputJson && p.AlgorithmVersion == plan.AlgorithmVersion))
                {
                    plans.Add(plan);
                }
            }
        }

        // The session filter again over the union: a slot may have plans in a file and in SQLite.
        return Keep([.. plans.OrderBy(p => p.SlotStart).ThenBy(p => p.GroupId, StringComparer.Ordinal).ThenBy(p => p.Revision)]);
    }
}
