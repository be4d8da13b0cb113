using System.Globalization;
using System.Net.WebSockets;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.SiteSimulator;

namespace OliMove.Tools.Soak;

/// <summary>
/// One charge point of the soak: a <see cref="SimulatedChargePoint"/> over a real WebSocket, driven through its
/// visits on the shared accelerated clock. Cars plug in and out, the charger samples its meter on the interval
/// the service configured and heartbeats on the boot interval; now and then its connection drops without a
/// close handshake and comes back minutes later, with what happened meanwhile queued and replayed.
/// </summary>
public sealed class SoakChargePoint : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    private readonly SimulatedChargePoint _cp;
    private readonly Queue<SoakVisit> _visits;
    private readonly TimeProvider _clock;
    private readonly FleetCounters _counters;
    private readonly Random _random;
    private readonly double _dropsPerDay;
    private readonly TimeSpan _realCallTimeout;
    private SoakVisit? _plugged;
    private int? _acknowledged;
    private DateTimeOffset? _offlineUntil;
    private TimeSpan _heartbeatInterval = TimeSpan.FromMinutes(15);
    private DateTimeOffset _nextHeartbeat;
    private DateTimeOffset _nextMeter = DateTimeOffset.MaxValue;
    private DateTimeOffset _nextDrop = DateTimeOffset.MaxValue;

    public SoakChargePoint(string id, Uri ocppUri, IEnumerable<SoakVisit> visits, TimeProvider clock, double speed, FleetCounters counters, int seed, double dropsPerDay)
    {
        _clock = clock;
        _counters = counters;
        _random = new Random(seed);
        _dropsPerDay = dropsPerDay;
        _realCallTimeout = TimeSpan.FromSeconds(30);
        _visits = new Queue<SoakVisit>(visits.OrderBy(v => v.Arrival));
        _cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = ocppUri,
            AuthorizationKey = SoakSiteMap.Key(id),
            AllowedChargingRateUnits = "Power",
            // The charger's call timeout runs on the accelerated clock: 30 s real.
            CallTimeout = _realCallTimeout * speed,
        }, clock);
    }

    public string Id => _cp.ChargePointId;

    /// <summary>Connected and not in a drop the fleet made.</summary>
    public bool IsOnline => _offlineUntil is null && _cp.IsConnected;

    public bool IsCharging => _plugged is not null;

    public int QueuedMessages => _cp.QueuedTransactionMessages;

    /// <summary>Connects, boots until accepted and reports its connector; false when the service did not take it.</summary>
    public async Task<bool> ConnectAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_realCallTimeout);
        try
        {
            if (!_cp.IsConnected)
            {
                await _cp.ConnectAsync(timeout.Token);
            }

            var boot = await _cp.BootAsync(ct);
            if (boot.Status != RegistrationStatus.Accepted)
            {
                return false;
            }

            _heartbeatInterval = TimeSpan.FromSeconds(Math.Max(1, boot.Interval));
            await _cp.StatusAsync(1, _plugged is null ? ChargePointStatus.Available : ChargePointStatus.Charging, ct);
            await _cp.FlushAsync(ct);
            RecordAcknowledgement();
            return _cp.IsConnected;
        }
        catch (Exception e) when (IsConnectionFailure(e) && !ct.IsCancellationRequested)
        {
            await AbandonConnectionAsync();
            return false;
        }
    }

    /// <summary>Plays the visits until <paramref name="end"/> on the clock.</summary>
    public async Task RunAsync(DateTimeOffset end, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        _nextHeartbeat = now + _heartbeatInterval * _random.NextDouble();
        _nextDrop = NextDrop(now);
        while (!ct.IsCancellationRequested)
        {
            now = _clock.GetUtcNow();
            if (now >= end)
            {
                return;
            }

            var due = NextDue();
            if (due > now)
            {
                await Task.Delay((due < end ? due : end) - now, _clock, ct);
                continue;
            }

            await StepAsync(now, ct);
        }
    }

    /// <summary>After the run: back online and every queued transaction message delivered.</summary>
    public async Task SettleAsync(CancellationToken ct)
    {
        _offlineUntil = null;
        while (!ct.IsCancellationRequested)
        {
            if (_cp.IsConnected || await ConnectAsync(ct))
            {
                await _cp.FlushAsync(ct);
                RecordAcknowledgement();
                if (_cp.QueuedTransactionMessages == 0 && _cp.IsConnected)
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // No close handshake: Kestrel would wait for every socket's close at shutdown otherwise.
        await _cp.DropConnectionAsync();
    }

    private DateTimeOffset NextDue()
    {
        var due = _offlineUntil ?? (_cp.IsConnected ? Min(_nextHeartbeat, _nextDrop) : _clock.GetUtcNow());
        if (_plugged is { } visit)
        {
            due = Min(due, Min(visit.Departure, _nextMeter));
        }
        else if (_visits.TryPeek(out var next))
        {
            due = Min(due, next.Arrival);
        }

        return due;
    }

    private async Task StepAsync(DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            if (_offlineUntil is { } until && now >= until || _offlineUntil is null && !_cp.IsConnected)
            {
                if (_offlineUntil is null)
                {
                    _counters.DisconnectedUnexpectedly();
                }

                _offlineUntil = null;
                if (await ConnectAsync(ct))
                {
                    _counters.Reconnected();
                }
                else
                {
                    _offlineUntil = now + RetryAfter;
                }
            }

            if (_plugged is { } leaving && leaving.Departure <= now)
            {
                RecordAcknowledgement();
                await _cp.StopTransactionAsync(1, Reason.EVDisconnected, ct);
                _counters.Stopped();
                _plugged = null;
                _acknowledged = null;
                _nextMeter = DateTimeOffset.MaxValue;
                await StatusIfOnlineAsync(ChargePointStatus.Available, ct);
            }

            if (_plugged is null && _visits.TryPeek(out var arriving) && arriving.Arrival <= now)
            {
                _visits.Dequeue();
                if (arriving.Departure > now)
                {
                    _plugged = arriving;
                    var car = new BatteryCar(arriving.CapacityWh, arriving.InitialSoCPercent, arriving.MaxPowerW, reportsSoC: false);
                    await _cp.StartTransactionAsync(1, arriving.IdTag, car, ct);
                    _counters.StartMade();
                    RecordAcknowledgement();
                    _nextMeter = now + MeterInterval();
                    await StatusIfOnlineAsync(ChargePointStatus.Charging, ct);
                }
            }

            if (_plugged is not null && now >= _nextMeter)
            {
                await _cp.SampleMeterValuesAsync(ct);
                _counters.MeterSampled();
                RecordAcknowledgement();
                _nextMeter = now + MeterInterval();
            }

            if (IsOnline && now >= _nextHeartbeat)
            {
                _nextHeartbeat = now + _heartbeatInterval;
                await _cp.HeartbeatAsync(ct);
                _counters.Heartbeat();
            }

            if (IsOnline && now >= _nextDrop)
            {
                await _cp.DropConnectionAsync();
                _counters.Dropped();
                _offlineUntil = now + TimeSpan.FromMinutes(1 + _random.NextDouble() * 19);
                _nextDrop = NextDrop(now);
            }
        }
        catch (OcppCallErrorException)
        {
            _counters.CallRefused();
        }
        catch (Exception e) when (IsConnectionFailure(e) && !ct.IsCancellationRequested)
        {
            _counters.DisconnectedUnexpectedly();
            await AbandonConnectionAsync();
            _offlineUntil = now + RetryAfter;
        }
    }

    private async Task StatusIfOnlineAsync(ChargePointStatus status, CancellationToken ct)
    {
        if (IsOnline)
        {
            await _cp.StatusAsync(1, status, ct);
        }
    }

    /// <summary>Notes the service's id for the running transaction once its StartTransaction was confirmed.</summary>
    private void RecordAcknowledgement()
    {
        if (_acknowledged is null && _plugged is not null && _cp.TransactionIdOn(1) is { } id)
        {
            _acknowledged = id;
            _counters.Acknowledge(id, Id);
        }
    }

    private TimeSpan MeterInterval() =>
        TimeSpan.FromSeconds(int.TryParse(_cp.ConfigurationValue("MeterValueSampleInterval"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60);

    private DateTimeOffset NextDrop(DateTimeOffset now) =>
        _dropsPerDay <= 0 ? DateTimeOffset.MaxValue : now + TimeSpan.FromDays(-Math.Log(1 - _random.NextDouble()) / _dropsPerDay);

    private async Task AbandonConnectionAsync()
    {
        try
        {
            await _cp.DropConnectionAsync();
        }
        catch (Exception e) when (IsConnectionFailure(e) || e is ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is WebSocketException or OcppConnectionClosedException or OcppCallTimeoutException or OcppCallErrorException or IOException
            or OperationCanceledException or HttpRequestException;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
