using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Hosting;

/// <summary>
/// One polling loop per asset of the site map in force, kept in step with site-map reloads (decision 0378): an asset a
/// reload adds gets its loop at once, a removed one's loop stops, and one whose definition changed (endpoint, unit id,
/// register map, what it measures) is stopped and started again with the new definition. Loops of assets that did not
/// change run on undisturbed (same connection, same state).
/// </summary>
/// <typeparam name="TAsset">What a loop needs of its asset; compared with <c>same</c> to see whether a reload changed it.</typeparam>
public sealed class SiteAssetLoops<TAsset>(
    SiteState site,
    string kind,
    Func<SiteTopology, IEnumerable<(string Key, TAsset Asset)>> assetsOf,
    Func<TAsset, TAsset, bool> same,
    ILogger logger)
    where TAsset : notnull
{
    private readonly Dictionary<string, Loop> _running = new(StringComparer.Ordinal);

    /// <summary>The keys of the assets whose loop runs now (for tests and logs).</summary>
    public IReadOnlyCollection<string> Running
    {
        get
        {
            lock (_running)
            {
                return [.. _running.Keys];
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="poll"/> for every asset until <paramref name="stoppingToken"/> is cancelled. A loop that is
    /// stopped because a reload removed or changed its asset sees its own token cancelled while
    /// <paramref name="stoppingToken"/> is not; after it ended, <paramref name="stopped"/> is told (to drop the asset's
    /// live state, which must not outlive its definition).
    /// </summary>
    public async Task RunAsync(Func<TAsset, CancellationToken, Task> poll, Action<TAsset>? stopped, CancellationToken stoppingToken)
    {
        var first = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before the topology is read: a reload in between completes it, and the next pass sees that map.
                var replaced = site.Replaced;
                var wanted = new Dictionary<string, TAsset>(StringComparer.Ordinal);
                foreach (var (key, asset) in assetsOf(site.Topology))
                {
                    wanted[key] = asset;
                }

                await ReconcileAsync(wanted, poll, stopped, first, stoppingToken);
                first = false;
                await replaced.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            List<Loop> loops;
            lock (_running)
            {
                loops = [.. _running.Values];
                _running.Clear();
            }

            foreach (var loop in loops)
            {
                await loop.StopAsync();
            }
        }
    }

    private async Task ReconcileAsync(Dictionary<string, TAsset> wanted, Func<TAsset, CancellationToken, Task> poll, Action<TAsset>? stopped, bool first, CancellationToken stoppingToken)
    {
        List<(string Key, Loop Loop, string Why)> ending;
        lock (_running)
        {
            ending = [.. _running
                .Where(r => !wanted.TryGetValue(r.Key, out var asset) || !same(r.Value.Asset, asset))
                .Select(r => (r.Key, r.Value, wanted.ContainsKey(r.Key) ? "changed" : "removed"))];
            foreach (var (key, _, _) in ending)
            {
                _running.Remove(key);
            }
        }

        // Old loops end before new ones start: a changed asset is never polled twice at once (one connection to a device).
        foreach (var (key, loop, why) in ending)
        {
            logger.LogInformation("The {Kind} {Key} was {Why} by a site-map reload: its polling stops", kind, key, why);
            await loop.StopAsync();
            stopped?.Invoke(loop.Asset);
        }

        var starting = 0;
        lock (_running)
        {
            foreach (var (key, asset) in wanted.Where(w => !_running.ContainsKey(w.Key)))
            {
                if (!first)
                {
                    logger.LogInformation("The {Kind} {Key} is in the reloaded site map: polling it", kind, key);
                }

                _running[key] = Loop.Start(asset, poll, stoppingToken);
                starting++;
            }
        }

        if (first && starting > 0)
        {
            logger.LogInformation("Polling {Count} of kind {Kind}", starting, kind);
        }
    }

    private sealed class Loop
    {
        private readonly CancellationTokenSource _stop;

        private Loop(TAsset asset, CancellationTokenSource stop, Task task)
        {
            Asset = asset;
            _stop = stop;
            Task = task;
        }

        public TAsset Asset { get; }

        private Task Task { get; }

        public static Loop Start(TAsset asset, Func<TAsset, CancellationToken, Task> poll, CancellationToken stoppingToken)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // Task.Run: a loop's synchronous start (connecting) must not hold up the others or the reconciliation.
            return new Loop(asset, stop, Task.Run(() => poll(asset, stop.Token), CancellationToken.None));
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Task;
            }
            catch (OperationCanceledException)
            {
                // What a cancelled loop may end with.
            }
            finally
            {
                _stop.Dispose();
            }
        }
    }
}
