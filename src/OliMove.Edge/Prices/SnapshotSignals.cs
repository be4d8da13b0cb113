using OliMove.Scheduling;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Prices;

/// <summary>
/// Adds the site's signals and the group's billing peak so far to a snapshot before it is planned and archived, so
/// the signals are part of the hashed input that <c>verify</c> replays. Without configured signals the snapshot is
/// returned unchanged (and hashes as it always did).
/// </summary>
public sealed class SnapshotSignals(EnergySignalSource signals, BillingPeakSource peaks, TimeProvider time)
{
    public async Task<GroupSnapshot> AddToAsync(GroupSnapshot snapshot, ChargingGroup group, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!signals.Options.IsConfigured)
            return snapshot;
        var now = time.GetUtcNow();
        long peak = await peaks.PeakSoFarWAsync(group, now, ct);
        // The previous month's peak is this month's forecast (decision 0320): a site that ran at its limit last month
        // is planned energy first from the first day, and best effort is not deferred below a peak expected anyway.
        long expected = await peaks.PreviousPeriodPeakWAsync(group, now, ct);
        return snapshot with { Signals = signals.For(snapshot.SlotStart, snapshot.SlotSeconds, snapshot.HorizonSlots, peak) is { } s ? s with { ExpectedPeakW = expected } : null };
    }
}
