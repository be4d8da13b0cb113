using System.Collections.Concurrent;
using System.Diagnostics;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Tools.CpSimulator;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// The live site: simulated charge points (tools/cp-simulator) over real OCPP WebSockets, each with a car
/// charging. While the fleet runs, every charger samples MeterValues on its interval and sends a Heartbeat now and
/// then; the run sends status probes through it. Each charger's own calls go one at a time (as OCPP-J allows one
/// outstanding CALL), so a round trip measures the central system, not the charger's queue. A call that gets no
/// CALLRESULT (timeout, CALLERROR, lost connection) is a failure.
/// </summary>
public sealed class ChargerFleet(IReadOnlyList<ChargerAccess> chargers, Uri ocppUri, TimeProvider time) : IAsyncDisposable
{
    private const int KeptFailures = 50;
    private readonly Dictionary<string, SimulatedChargePoint> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LatencySamples> _roundTrips = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private int _failureCount;
    private int _calls;

    /// <summary>Round trips are filed under the phase they were made in ("idle", "under load").</summary>
    public string Phase { get; set; } = "idle";

    /// <summary>"phase action" → round trips in ms.</summary>
    public IReadOnlyDictionary<string, LatencySamples> RoundTrips => _roundTrips;

    /// <summary>CALLs that got their CALLRESULT.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public int FailureCount => Volatile.Read(ref _failureCount);

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Transaction messages (MeterValues, Start/Stop) still waiting in the chargers for a CALLRESULT.</summary>
    public int Undelivered => _points.Values.Sum(p => p.QueuedTransactionMessages);

    public IReadOnlyList<string> ChargePointIds => [.. chargers.Select(c => c.ChargePointId)];

    public async Task ConnectAsync(CancellationToken ct)
    {
        using var parallel = new SemaphoreSlim(8);
        await Task.WhenAll(chargers.Select(async c =>
        {
            await parallel.WaitAsync(ct);
            try
            {
                var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
                {
                    ChargePointId = c.ChargePointId,
                    CentralSystem = ocppUri,
                    AuthorizationKey = c.AuthorizationKey,
                    CallTimeout = TimeSpan.FromSeconds(30),
                }, time, new ChargerWarnings(this));
                lock (_points)
                {
                    _points[c.ChargePointId] = cp;
                    _gates[c.ChargePointId] = new SemaphoreSlim(1, 1);
                }

                await cp.ConnectAsync(ct);
                var boot = await cp.BootAsync(ct);
                if (boot.Status != RegistrationStatus.Accepted)
                {
                    throw new InvalidOperationException($"{c.ChargePointId}: BootNotification {boot.Status}");
                }

                await cp.StatusAsync(1, ChargePointStatus.Available, ct);
            }
            finally
            {
                parallel.Release();
            }
        }));
    }

    /// <summary>A car plugs in and charges under <paramref name="idTag"/>.</summary>
    public async Task StartChargingAsync(string chargePointId, string idTag, CancellationToken ct)
    {
        var cp = _points[chargePointId];
        await cp.StatusAsync(1, ChargePointStatus.Preparing, ct);
        await cp.StartTransactionAsync(1, idTag, new FixedLimitCar(11_000), ct);
        if (cp.TransactionIdOn(1) is null)
        {
            throw new InvalidOperationException($"{chargePointId}: the central system did not confirm the StartTransaction for {idTag}");
        }

        await cp.StatusAsync(1, ChargePointStatus.Charging, ct);
        _status[chargePointId] = nameof(ChargePointStatus.Charging);
    }

    /// <summary>
    /// Until <paramref name="stop"/>: every charger samples MeterValues each <paramref name="meterInterval"/>
    /// (the chargers staggered over the interval) and sends a Heartbeat every <paramref name="heartbeatEvery"/>-th time.
    /// </summary>
    public Task RunAsync(TimeSpan meterInterval, int heartbeatEvery, CancellationToken stop) =>
        Task.WhenAll(chargers.Select((c, i) => Task.Run(async () =>
        {
            var cp = _points[c.ChargePointId];
            try
            {
                await Task.Delay(meterInterval * i / chargers.Count, time, stop);
                for (var tick = 1; !stop.IsCancellationRequested; tick++)
                {
                    await CallAsync(c.ChargePointId, "MeterValues", async () =>
                    {
                        await cp.SampleMeterValuesAsync(CancellationToken.None);
                        if (cp.QueuedTransactionMessages > 0)
                        {
                            throw new InvalidOperationException("MeterValues not acknowledged (still queued)");
                        }
                    });
                    if (tick % heartbeatEvery == 0)
                    {
                        await CallAsync(c.ChargePointId, "Heartbeat", () => cp.HeartbeatAsync(CancellationToken.None));
                    }

                    await Task.Delay(meterInterval, time, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }, CancellationToken.None)));

    /// <summary>Flips the charger's connector between Charging and SuspendedEV (the car pauses or resumes) as a probe.</summary>
    public async Task<StatusProbe> ProbeAsync(string chargePointId, ProbeBoard board)
    {
        var next = _status.GetValueOrDefault(chargePointId) == nameof(ChargePointStatus.SuspendedEV) ? ChargePointStatus.Charging : ChargePointStatus.SuspendedEV;
        StatusProbe? probe = null;
        await CallAsync(chargePointId, "StatusNotification", async () =>
        {
            probe = board.Begin(chargePointId, next.ToString(), time.GetUtcNow());
            await _points[chargePointId].StatusAsync(1, next, CancellationToken.None);
            _status[chargePointId] = next.ToString();
        });
        return probe!;
    }

    /// <summary>The simulator drops a queued message the central system refused with a CALLERROR and only logs it.</summary>
    internal void Refused(string message) => Fail(message);

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failureCount);
        lock (_failures)
        {
            if (_failures.Count < KeptFailures)
            {
                _failures.Add(what);
            }
        }
    }

    private async Task CallAsync(string chargePointId, string action, Func<Task> call)
    {
        var gate = _gates[chargePointId];
        await gate.WaitAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            await call();
            _roundTrips.GetOrAdd($"{Phase} {action}", _ => new LatencySamples()).Add(clock.Elapsed);
            Interlocked.Increment(ref _calls);
        }
        catch (Exception e) when (e is OcppCallTimeoutException or OcppCallErrorException or OcppConnectionClosedException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            Fail($"{chargePointId} {action}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cp in _points.Values)
        {
            try
            {
                await cp.DisposeAsync();
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OcppConnectionClosedException or ObjectDisposedException)
            {
                // A charger whose connection is already gone has nothing left to close.
            }
        }

        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
