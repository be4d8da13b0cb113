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
        long peak = await peaks.PeakSoFarWAsync(group, time.GetUtcNow(), ct);
        return snapshot with { Signals = signals.For(snapshot.SlotStart, snapshot.SlotSeconds, snapshot.HorizonSlots, peak) };
    }
}
