using System.Security.Cryptography;
using System.Text;
using OliMove.Edge.Verification;
using OliMove.Storage;

namespace OliMove.Edge.Retention;

/// <summary>
/// One pass of the retention (decisions 0220, 0221): folds raw meter values past their retention into quarters,
/// deletes quarters (the meter values' and the other load's) past theirs, exports each whole UTC day of slot plans past their retention to an archive file
/// and removes from SQLite the plans an archive file that was already there holds byte for byte, then deletes
/// confirmed slot records from the outbox, delivered upstream messages and security events past their retention. Every change runs in small units of work
/// through the single write path; the export and the read-back run outside it.
/// </summary>
public sealed class RetentionPass(EdgeDatabase database, SlotPlanRepository plans, RetentionOptions options, TimeProvider time)
{
    private readonly MeterValueRetention _meterValues = new(database);
    private readonly SlotPlanRetention _slotPlans = new(database);
    private readonly DeliveredRecordRetention _delivered = new(database);
    private readonly OtherLoadQuarterRepository _otherLoad = new(database);

    public async Task<RetentionReport> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var folded = await _meterValues.FoldOlderThanAsync(now.AddDays(-options.RawMeterValueDays), options.BatchRows, ct);
        var quarters = await _meterValues.DeleteQuartersOlderThanAsync(now.AddDays(-options.MeterValueQuarterDays), options.BatchRows, ct);
        // The other load's quarters (decision 0314) are kept as long as the meter values' quarters.
        quarters = quarters.Plus(await _otherLoad.DeleteOlderThanAsync(now.AddDays(-options.MeterValueQuarterDays), options.BatchRows, ct));
        var (files, archived, deleted) = await ArchiveSlotPlansAsync(now, ct);
        var outbox = await _delivered.DeleteConfirmedOutboxAsync(OliMove.Chain.ChainOutboxKinds.SlotStatus, now.AddDays(-options.DeliveredRecordDays), options.BatchRows, ct);
        var upstream = await _delivered.DeleteDeliveredUpstreamAsync(now.AddDays(-options.DeliveredRecordDays), options.BatchRows, ct);
        var securityEvents = await _delivered.DeleteSecurityEventsAsync(now.AddDays(-options.SecurityEventDays), options.BatchRows, ct);
        return new RetentionReport(folded, quarters, files, archived, deleted, outbox, upstream, securityEvents);
    }

    private async Task<(int Files, int Archived, RetentionBatches Deleted)> ArchiveSlotPlansAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var files = 0;
        var archived = 0;
        var deleted = RetentionBatches.None;
        foreach (var day in await _slotPlans.ListDaysToArchiveAsync(today.AddDays(-options.SlotPlanDays), ct))
        {
            // Only files that were there before this pass count: one written now is deleted from on the next pass,
            // long after its rename has reached the disk.
            var existing = SlotArchiveFiles.OfDay(options.ArchiveDirectory, day);
            var inFiles = new Dictionary<ArchivedPlanKey, (string, string)>();
            foreach (var path in existing)
            {
                foreach (var (key, hashes) in await SlotArchiveFileReader.HashAsync(path, ct))
                {
                    inFiles[key] = hashes;
                }
            }

            var deletable = new List<long>();
            var missing = new HashSet<long>();
            await foreach (var chunk in HoursOf(day, null, ct))
            {
                foreach (var plan in chunk)
                {
                    var key = new ArchivedPlanKey(plan.GroupId, plan.SlotStart, plan.Revision);
                    if (inFiles.TryGetValue(key, out var hashes) && hashes == (Sha256(plan.InputJson), Sha256(plan.OutputJson)))
                    {
                        deletable.Add(plan.Id);
                    }
                    else
                    {
                        missing.Add(plan.Id);
                    }
                }
            }

            if (missing.Count > 0)
            {
                var part = existing.Count + 1;
                while (File.Exists(Path.Combine(options.ArchiveDirectory, SlotArchiveFiles.NameOf(day, part))))
                {
                    part++;
                }

                archived += await SlotArchiveFileWriter.WriteAsync(Path.Combine(options.ArchiveDirectory, SlotArchiveFiles.NameOf(day, part)), HoursOf(day, missing, ct), ct);
                files++;
            }

            if (deletable.Count > 0)
            {
                deleted = deleted.Plus(await _slotPlans.DeleteArchivedAsync(deletable, options.BatchRows, ct));
            }
        }

        return (files, archived, deleted);
    }

    /// <summary>A day's plans an hour at a time (at 1,000 chargers a day is ~45 MiB of JSON; an hour ~2 MiB).</summary>
    private async IAsyncEnumerable<IReadOnlyList<SlotPlanRecord>> HoursOf(DateTimeOffset day, IReadOnlySet<long>? only, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var hour = 0; hour < 24; hour++)
        {
            var chunk = await plans.ListRangeAsync(null, day.AddHours(hour), day.AddHours(hour + 1), latestRevisionOnly: false, ct);
            yield return only is null ? chunk : [.. chunk.Where(p => only.Contains(p.Id))];
        }
    }

    private static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
