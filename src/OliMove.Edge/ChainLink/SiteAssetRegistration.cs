using OliMove.Chain;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// Queues the site's SC1 registration (<see cref="ChainOutboxService.Assets"/>) in the chain outbox, at start and
/// when a site-map reload is about to apply (decision 0346): new assets are registered, changed ones updated,
/// removed ones retired by the registrar. A payload equal to the newest registration queued is not queued again;
/// a different one is, even when the same payload was queued long ago (a map edited back to an earlier state).
/// </summary>
public sealed class SiteAssetRegistration(LiveSiteState live, ChainOutboxRepository outbox, OutboxSignal signal, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Returns true when a registration was queued; the outbox writer is woken for it.</summary>
    public async Task<bool> QueueAsync(SiteTopology topology, CancellationToken ct)
    {
        var entry = ChainOutboxEntry.ForAssets(ChainOutboxService.Assets(topology, live));
        await _gate.WaitAsync(ct);
        try
        {
            var latest = await outbox.LatestOfKindAsync(entry.Kind, ct);
            if (latest is not null && string.Equals(latest.PayloadJson, entry.PayloadJson, StringComparison.Ordinal))
            {
                return false;
            }

            // The key stays the payload's hash for a first registration; after another one it names its
            // predecessor too, so A, then B, then A again queues A a second time (the key is unique in the outbox).
            var key = latest is null ? entry.Key : $"{entry.Key}:after:{latest.Id}";
            var queued = await outbox.EnqueueAsync(entry.Kind, key, entry.PayloadJson, time.GetUtcNow(), ct);
            if (queued)
            {
                signal.Wake();
            }

            return queued;
        }
        finally
        {
            _gate.Release();
        }
    }
}
