using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// Finds the AlgorithmRegistry number of the running build, in this order: the number this database already
/// queued for the same (code, parameters) pair (a restart of the same build); the registry's number for the
/// pair (another site published this build); a new number, one above the highest the registry and this
/// database know (a new build). Without a reachable chain a new build takes one above this database's highest;
/// should another site have taken that number meanwhile, the publication is refused and parked with an alert
/// (<see cref="AlgorithmPublicationPayload"/>), never taken for success. Decision 0264.
/// </summary>
public static class AlgorithmVersionResolver
{
    /// <summary>Version numbers looked for among this database's publications: one per release, so far more than enough.</summary>
    private const int HighestLocalVersion = 1024;

    public static async Task<(uint Version, string Reason)> ResolveAsync(
        RunningAlgorithm algorithm, ChainOutboxRepository outbox, AlgorithmRegistryClient? registry, TimeSpan chainTimeout, CancellationToken ct)
    {
        var queuedHere = await QueuedPublicationsAsync(outbox, ct);
        if (queuedHere.FirstOrDefault(p => algorithm.IsSameBuild(p.CodeHash, p.ParametersHash)) is { } mine)
        {
            return (mine.Version, "queued by this database before");
        }

        var highestHere = queuedHere.Count == 0 ? 0u : queuedHere.Max(p => p.Version);
        if (registry is not null)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(chainTimeout);
                var known = await registry.VersionForAsync(Convert.FromHexString(algorithm.CodeHash), Convert.FromHexString(algorithm.ParametersHash)).WaitAsync(timeout.Token);
                if (known != 0)
                {
                    return (known, "published on chain for this build");
                }

                var latest = await registry.LatestVersionAsync().WaitAsync(timeout.Token);
                return (Math.Max(latest, highestHere) + 1, $"a new build: the registry's highest version is {latest}");
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return (highestHere + 1, $"a new build; the registry could not be asked ({e.GetType().Name}: {e.Message})");
            }
        }

        return (highestHere + 1, "a new build; no chain configured");
    }

    /// <summary>Every algorithm publication this database ever queued (they are never deleted, decision 0220).</summary>
    private static async Task<List<AlgorithmPublicationPayload>> QueuedPublicationsAsync(ChainOutboxRepository outbox, CancellationToken ct)
    {
        var keys = Enumerable.Range(1, HighestLocalVersion).Select(v => $"algorithm:{v}").ToList();
        var items = await outbox.GetByKeysAsync(keys, ct);
        return [.. items.Where(i => i.Kind == ChainOutboxKinds.AlgorithmPublication).Select(i => ChainOutboxEntry.Read<AlgorithmPublicationPayload>(i.PayloadJson))];
    }
}
