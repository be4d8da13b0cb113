using OliMove.Modbus.SunSpec;

namespace OliMove.Modbus.Polling;

/// <summary>
/// Polls every configured inverter once per <see cref="InverterPollerOptions.Interval"/> (PeriodicTimer on the
/// injected clock) into <see cref="PvLiveState"/> and hands each reading to the host's <see cref="IPvReadingSink"/>.
/// Inverters behind the same host:port share one connection (one request in flight). It also keeps an optional
/// model-123 power limit per inverter written, clamped to a minimum above 0 % and rewritten at half the revert timeout.
/// </summary>
public sealed class InverterPoller : IAsyncDisposable
{
    private readonly InverterPollerOptions _options;
    private readonly PvLiveState _liveState;
    private readonly IPvReadingSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly List<ModbusTcpClient> _clients = [];
    private readonly List<PolledInverter> _inverters = [];

    public InverterPoller(
        IReadOnlyList<PvInverterEndpoint> inverters,
        PvLiveState liveState,
        IPvReadingSink sink,
        TimeProvider timeProvider,
        InverterPollerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inverters);
        ArgumentNullException.ThrowIfNull(liveState);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options ?? new InverterPollerOptions();
        _options.Validate();
        _liveState = liveState;
        _sink = sink;
        _timeProvider = timeProvider;

        var duplicate = inverters.GroupBy(i => i.InverterId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Inverter id '{duplicate.Key}' is configured twice.", nameof(inverters));
        }

        var byEndpoint = new Dictionary<(string, int), ModbusTcpClient>();
        foreach (var inverter in inverters)
        {
            var key = (inverter.Host, inverter.Port);
            if (!byEndpoint.TryGetValue(key, out var client))
            {
                client = new ModbusTcpClient(
                    new ModbusTcpClientOptions
                    {
                        Host = inverter.Host,
                        Port = inverter.Port,
                        Timeout = _options.RequestTimeout,
                        InitialBackoff = _options.InitialBackoff,
                        MaxBackoff = _options.MaxBackoff,
                    },
                    timeProvider);
                byEndpoint[key] = client;
                _clients.Add(client);
            }

            _inverters.Add(new PolledInverter(inverter, new SunSpecReader(client, inverter.UnitId)));
        }
    }

    /// <summary>Raised when the sink throws; the reading is still in the live state. The host logs it.</summary>
    public event EventHandler<Exception>? SinkFailed;

    public IReadOnlyList<PvInverterEndpoint> Inverters => [.. _inverters.Select(i => i.Endpoint)];

    /// <summary>
    /// Asks for an active-power limit on one inverter (null removes it). Applied on the next poll. Values below
    /// the minimum are raised to it, never to 0 %. Returns the limit that will be written.
    /// </summary>
    public double? SetPowerLimit(string inverterId, double? percent)
    {
        var slot = _inverters.FirstOrDefault(i => i.Endpoint.InverterId == inverterId)
            ?? throw new ArgumentException($"No inverter '{inverterId}' is configured.", nameof(inverterId));
        if (percent is { } p && !double.IsFinite(p))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Limit must be a number.");
        }

        var clamped = percent is { } value ? Math.Clamp(value, _options.MinimumLimitPercent, 100) : (double?)null;
        lock (slot)
        {
            slot.RequestedLimit = clamped;
        }

        return clamped;
    }

    /// <summary>Polls until cancelled: once at once, then on every tick.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        try
        {
            do
            {
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One round: every inverter polled concurrently (same-endpoint ones serialise on their connection).</summary>
    public async Task<IReadOnlyList<PvReading>> PollOnceAsync(CancellationToken cancellationToken)
    {
        var readings = await Task.WhenAll(_inverters.Select(i => PollAsync(i, cancellationToken))).ConfigureAwait(false);
        foreach (var reading in readings)
        {
            _liveState.Record(reading);
            try
            {
                await _sink.StoreAsync(reading, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                SinkFailed?.Invoke(this, ex);
            }
        }

        return readings;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<PvReading> PollAsync(PolledInverter slot, CancellationToken cancellationToken)
    {
        var id = slot.Endpoint.InverterId;
        try
        {
            // The limit goes first so the measurement already reflects it.
            var limitWarning = await ApplyLimitAsync(slot, cancellationToken).ConfigureAwait(false);
            var measurement = await slot.Reader.ReadInverterAsync(cancellationToken).ConfigureAwait(false);
            if (slot.RatedPowerW is null && slot.Reader.Map?.Find(120) is not null)
            {
                slot.RatedPowerW = (await slot.Reader.ReadNameplateAsync(cancellationToken).ConfigureAwait(false))?.RatedPowerW;
            }

            var now = _timeProvider.GetUtcNow();
            if (measurement.PowerW is null)
            {
                return PvReading.Failed(id, now, "inverter does not report AC power (W or W_SF not implemented)") with
                {
                    LifetimeEnergyWh = measurement.LifetimeEnergyWh,
                    State = measurement.State,
                    RatedPowerW = slot.RatedPowerW,
                };
            }

            return new PvReading(
                id,
                now,
                PvReadingStatus.Ok,
                measurement.PowerW,
                measurement.LifetimeEnergyWh,
                measurement.State,
                slot.RatedPowerW,
                slot.WrittenLimit,
                limitWarning);
        }
        catch (Exception ex) when (ex is ModbusTransportException or ModbusException or SunSpecException)
        {
            return PvReading.Failed(id, _timeProvider.GetUtcNow(), ex.Message);
        }
    }

    /// <summary>Writes, rewrites or clears the limit as needed; returns a warning when that failed.</summary>
    private async Task<string?> ApplyLimitAsync(PolledInverter slot, CancellationToken cancellationToken)
    {
        double? requested;
        lock (slot)
        {
            requested = slot.RequestedLimit;
        }

        var now = _timeProvider.GetUtcNow();
        try
        {
            if (requested is { } percent)
            {
                // Rewrite at half the revert timeout so a late poll never lets the limit lapse (SunSpec model 123 practice).
                var due = slot.WrittenLimit != percent || now - slot.WrittenAt >= _options.LimitRevertTimeout / 2;
                if (due)
                {
                    await slot.Reader.WritePowerLimitAsync(percent, _options.LimitRevertTimeout, cancellationToken).ConfigureAwait(false);
                    slot.WrittenLimit = percent;
                    slot.WrittenAt = now;
                }
            }
            else if (slot.WrittenLimit is not null)
            {
                await slot.Reader.ClearPowerLimitAsync(cancellationToken).ConfigureAwait(false);
                slot.WrittenLimit = null;
            }

            return null;
        }
        catch (Exception ex) when (ex is ModbusException or SunSpecException)
        {
            return $"power limit not applied: {ex.Message}";
        }
    }
}
