namespace OliMove.Tools.Soak;

/// <summary>The soak's charge points: connected together, run together on one clock, settled together.</summary>
public sealed class SoakFleet : IAsyncDisposable
{
    /// <summary>Connects at once at most this many: each connect costs the service a PBKDF2 key check.</summary>
    private const int ConnectConcurrency = 32;

    private readonly IReadOnlyList<SoakChargePoint> _chargePoints;

    private SoakFleet(IReadOnlyList<SoakChargePoint> chargePoints) => _chargePoints = chargePoints;

    public FleetCounters Counters { get; } = new();

    public int Count => _chargePoints.Count;

    public int Online => _chargePoints.Count(cp => cp.IsOnline);

    public int Charging => _chargePoints.Count(cp => cp.IsCharging);

    public int QueuedMessages => _chargePoints.Sum(cp => cp.QueuedMessages);

    public static SoakFleet Create(SoakOptions options, Uri ocppUri, TimeProvider clock, DateTimeOffset from, DateTimeOffset to)
    {
        var fleet = new List<SoakChargePoint>();
        var result = new SoakFleet(fleet);
        var index = 0;
        foreach (var (id, _) in SoakSiteMap.ChargePoints(options.ChargePoints, options.PerCabinet))
        {
            var visits = VisitSchedule.For(id, index, options.Seed, from, to);
            fleet.Add(new SoakChargePoint(id, ocppUri, visits, clock, options.Speed, result.Counters, HashCode.Combine(options.Seed, index, "drops"), options.DropsPerChargePointPerDay));
            index++;
        }

        return result;
    }

    /// <summary>Connects and boots every charge point, retrying those the service did not take yet.</summary>
    public async Task ConnectAllAsync(TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        var pending = _chargePoints.ToList();
        while (pending.Count > 0)
        {
            var results = await Task.WhenAll(pending.Select(async cp =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    return (cp, ok: await cp.ConnectAsync(ct));
                }
                finally
                {
                    gate.Release();
                }
            }));
            pending = [.. results.Where(r => !r.ok).Select(r => r.cp)];
            if (pending.Count > 0 && DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{pending.Count} of {_chargePoints.Count} charge points did not connect within {within.TotalSeconds:0} s");
            }
        }
    }

    public Task RunAsync(DateTimeOffset end, CancellationToken ct) =>
        Task.WhenAll(_chargePoints.Select(cp => cp.RunAsync(end, ct)));

    /// <summary>Every charge point back online with nothing left queued, within <paramref name="within"/> (real time).</summary>
    public async Task SettleAsync(TimeSpan within, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(within);
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        await Task.WhenAll(_chargePoints.Select(async cp =>
        {
            await gate.WaitAsync(timeout.Token);
            try
            {
                await cp.SettleAsync(timeout.Token);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cp in _chargePoints)
        {
            await cp.DisposeAsync();
        }
    }
}
