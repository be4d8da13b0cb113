using System.Buffers.Binary;
using System.Net.Sockets;
using OliMove.Modbus;
using OliMove.Modbus.SunSpec;

namespace OliMove.Tools.PvSimulator;

/// <summary>
/// A SunSpec PV inverter on Modbus TCP. Production follows <c>availablePowerW(now)</c> (the JPL year scaled to
/// rated power in the console program, a fixed value in tests), capped by an enabled model-123 limit that reverts
/// after WMaxLimPct_RvrtTms without a rewrite, as a real inverter does. Lifetime energy integrates the power.
/// Test knobs: <see cref="SplitReplies"/>, <see cref="Hang"/>, <see cref="UnknownUnit"/>.
/// </summary>
public sealed class SunSpecInverterSimulator : IAsyncDisposable
{
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<DateTimeOffset, double> _availablePowerW;
    private readonly SunSpecRegisterMap _map;
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly List<TcpClient> _clients = [];
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private DateTimeOffset? _lastRefresh;
    private DateTimeOffset _lastLimitWrite;
    private DateTimeOffset _lastStorageWrite;
    private double _energyWh;
    private double _batteryStoredWh;
    private double _batteryPowerW;
    private long[] _meterPhasePowerW = [];
    private double _meterImportedWh = 1_000_000;
    private double _meterExportedWh = 1;
    private int _requestCount;
    private int _connectionCount;

    public SunSpecInverterSimulator(SimulatorOptions options, TimeProvider timeProvider, Func<DateTimeOffset, double> availablePowerW)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
        _availablePowerW = availablePowerW;
        _map = new SunSpecRegisterMap(options);
        _energyWh = options.InitialEnergyWh;
        _batteryStoredWh = (options.BatteryCapacityWh ?? 0) * options.BatteryInitialSocPercent / 100;
    }

    public SimulatorOptions Options => _options;

    /// <summary>The bound port, known after <see cref="Start"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Send each reply in small pieces with pauses, so the client must assemble partial reads.</summary>
    public bool SplitReplies { get; set; }

    /// <summary>Read requests but never answer (a hung device).</summary>
    public bool Hang { get; set; }

    public UnknownUnitReply UnknownUnit { get; set; } = UnknownUnitReply.GatewayTargetFailedToRespond;

    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Connections accepted since start: a client that kept its connection opened one.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public SunSpecRegisterMap Registers => _map;

    /// <summary>Model 123 limit currently in force, after revert-timeout handling.</summary>
    public double? ActiveLimitPercent
    {
        get
        {
            lock (_lock)
            {
                Refresh();
                return _map.ActiveLimitPercent;
            }
        }
    }

    /// <summary>When true the battery takes setpoints (the registers change) but does not act on them: it idles.</summary>
    public bool BatteryRefusesSetpoints { get; set; }

    /// <summary>
    /// The share of its setpoint the battery actually does (1: all of it): a worn or throttling battery that says it
    /// charges or discharges but moves its state of charge less than it was asked.
    /// </summary>
    public double BatteryFollowFactor { get; set; } = 1;

    /// <summary>The battery's power now (W, positive = charging), on the simulator clock.</summary>
    public double BatteryPowerW
    {
        get
        {
            lock (_lock)
            {
                Refresh();
                return _batteryPowerW;
            }
        }
    }

    /// <summary>Puts the battery's stored energy at <paramref name="storedWh"/> now (tests: a battery drained by use the edge did not plan).</summary>
    public void SetBatteryStoredWh(double storedWh)
    {
        lock (_lock)
        {
            Refresh();
            _batteryStoredWh = Math.Clamp(storedWh, 0, _options.BatteryCapacityWh ?? 0);
            RefreshBattery(_timeProvider.GetUtcNow());
        }
    }

    /// <summary>The battery's stored energy now (Wh): its state of charge integrates its power on the simulator clock.</summary>
    public double BatteryStoredWh
    {
        get
        {
            lock (_lock)
            {
                Refresh();
                return _batteryStoredWh;
            }
        }
    }

    public double CurrentPowerW
    {
        get
        {
            lock (_lock)
            {
                return Refresh();
            }
        }
    }

    /// <summary>
    /// Sets what the meter model reads from now on (phase A first, W, positive = import), e.g. a building load
    /// that steps. Energy counters integrate the power on the simulator clock.
    /// </summary>
    public void SetMeterPhasePowers(params long[] phasePowerW)
    {
        ArgumentNullException.ThrowIfNull(phasePowerW);
        var expected = _options.MeterModelId is { } id
            ? SunSpecRegisterMap.MeterPhaseCount(id)
            : throw new InvalidOperationException("This simulator serves no meter model (SimulatorOptions.MeterModelId).");
        if (phasePowerW.Length != expected)
        {
            throw new ArgumentException($"Meter model {id} has {expected} phase(s); got {phasePowerW.Length} values.", nameof(phasePowerW));
        }

        lock (_lock)
        {
            Refresh();
            _meterPhasePowerW = [.. phasePowerW];
            _map.UpdateMeter(_meterPhasePowerW, _meterImportedWh, _meterExportedWh);
        }
    }

    /// <summary>Fixes a register (e.g. a not-implemented sentinel) at a model-relative offset.</summary>
    public void PinRegister(int address, ushort value)
    {
        lock (_lock)
        {
            _map.Pin(address, value);
        }
    }

    public int Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _listener = new TcpListener(_options.ListenAddress, _options.Port);
        _listener.Start();
        Port = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        return Port;
    }

    /// <summary>Closes every open connection (a device reboot, a NAT timeout); the listener stays up.</summary>
    public void DropConnections()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener?.Stop();
        DropConnections();
        Task[] pending;
        lock (_connections)
        {
            pending = [.. _connections];
        }

        if (_acceptLoop is not null)
        {
            pending = [.. pending, _acceptLoop];
        }

        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        _listener?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref _connectionCount);
            lock (_clients)
            {
                _clients.Add(client);
            }

            var task = ServeAsync(client, cancellationToken);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var stream = client.GetStream();
            var header = new byte[MbapHeader.Size];
            while (!cancellationToken.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
                var mbap = MbapHeader.Read(header);
                if (!mbap.IsPlausible)
                {
                    return; // A broken frame leaves no way to find the next one: drop the connection.
                }

                var pdu = new byte[mbap.PduLength];
                await stream.ReadExactlyAsync(pdu, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _requestCount);
                if (Hang)
                {
                    continue;
                }

                byte[] reply;
                if (mbap.UnitId != _options.UnitId)
                {
                    if (UnknownUnit == UnknownUnitReply.Silence)
                    {
                        continue;
                    }

                    reply = Exception(pdu[0], ModbusExceptionCode.GatewayTargetDeviceFailedToRespond);
                }
                else
                {
                    lock (_lock)
                    {
                        Refresh();
                        reply = Handle(pdu);
                    }
                }

                var frame = new byte[MbapHeader.Size + reply.Length];
                new MbapHeader(mbap.TransactionId, 0, (ushort)(reply.Length + 1), mbap.UnitId).Write(frame);
                reply.CopyTo(frame, MbapHeader.Size);
                await SendAsync(stream, frame, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
        {
            // The client went away or the simulator stops.
        }
        finally
        {
            lock (_clients)
            {
                _clients.Remove(client);
            }

            client.Dispose();
        }
    }

    private async Task SendAsync(NetworkStream stream, byte[] frame, CancellationToken cancellationToken)
    {
        if (!SplitReplies)
        {
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Pieces cut through the header and the PDU, with pauses so they arrive as separate segments.
        for (var offset = 0; offset < frame.Length; offset += 3)
        {
            await stream.WriteAsync(frame.AsMemory(offset, Math.Min(3, frame.Length - offset)), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken).ConfigureAwait(false);
        }
    }

    private byte[] Handle(byte[] pdu)
    {
        var function = pdu[0];
        switch (function)
        {
            case ModbusFunctionCode.ReadHoldingRegisters or ModbusFunctionCode.ReadInputRegisters:
                {
                    if (pdu.Length != 5)
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataValue);
                    }

                    var address = BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(1));
                    var count = BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(3));
                    if (count is < 1 or > ModbusFunctionCode.MaxReadRegisters)
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataValue);
                    }

                    if (!_map.Serves(address, count))
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataAddress);
                    }

                    var reply = new byte[2 + (2 * count)];
                    reply[0] = function;
                    reply[1] = (byte)(2 * count);
                    for (var i = 0; i < count; i++)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2 + (2 * i)), _map[address + i]);
                    }

                    return reply;
                }

            case ModbusFunctionCode.WriteSingleRegister:
                {
                    if (pdu.Length != 5)
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataValue);
                    }

                    var address = BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(1));
                    if (!_map.IsWritable(address))
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataAddress);
                    }

                    ApplyWrite(address, BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(3)));
                    return pdu;
                }

            case ModbusFunctionCode.WriteMultipleRegisters:
                {
                    if (pdu.Length < 6)
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataValue);
                    }

                    var address = BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(1));
                    var count = BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(3));
                    if (count is < 1 or > ModbusFunctionCode.MaxWriteRegisters || pdu[5] != 2 * count || pdu.Length != 6 + (2 * count))
                    {
                        return Exception(function, ModbusExceptionCode.IllegalDataValue);
                    }

                    for (var i = 0; i < count; i++)
                    {
                        if (!_map.IsWritable(address + i))
                        {
                            return Exception(function, ModbusExceptionCode.IllegalDataAddress);
                        }
                    }

                    for (var i = 0; i < count; i++)
                    {
                        ApplyWrite(address + i, BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(6 + (2 * i))));
                    }

                    return pdu[..5];
                }

            default:
                return Exception(function, ModbusExceptionCode.IllegalFunction);
        }
    }

    private void ApplyWrite(int address, ushort value)
    {
        _map.Write(address, value);
        if (_map.IsLimitRegister(address))
        {
            _lastLimitWrite = _timeProvider.GetUtcNow();
        }

        if (_map.IsStorageControlRegister(address))
        {
            _lastStorageWrite = _timeProvider.GetUtcNow();
        }

        Refresh();
    }

    /// <summary>Brings power, energy, state and the limit's revert timer up to the simulator clock; returns W.</summary>
    private double Refresh()
    {
        var now = _timeProvider.GetUtcNow();
        var revert = _map.LimitRevertTimeout;
        if (_map.ActiveLimitPercent is not null && revert > TimeSpan.Zero && now - _lastLimitWrite >= revert)
        {
            _map.DisableLimit();
        }

        var available = Math.Clamp(_availablePowerW(now), 0, _options.RatedPowerW);
        var limitW = _map.ActiveLimitPercent is { } pct ? _options.RatedPowerW * pct / 100 : double.PositiveInfinity;
        var power = Math.Min(available, limitW);
        if (_lastRefresh is { } last && now > last)
        {
            _energyWh += power * (now - last).TotalHours;
            var meterW = _meterPhasePowerW.Sum();
            _meterImportedWh += Math.Max(0, meterW) * (now - last).TotalHours;
            _meterExportedWh += Math.Max(0, -meterW) * (now - last).TotalHours;
        }

        RefreshBattery(now);
        _lastRefresh = now;
        var state = power <= 0 ? SunSpecOperatingState.Sleeping
            : available > limitW ? SunSpecOperatingState.Throttled
            : SunSpecOperatingState.Mppt;
        _map.UpdateMeasurements(power, _energyWh, state);
        if (_map.MeterAddress is not null)
        {
            _map.UpdateMeter(_meterPhasePowerW.Length > 0 ? _meterPhasePowerW : new long[SunSpecRegisterMap.MeterPhaseCount(_options.MeterModelId!.Value)], _meterImportedWh, _meterExportedWh);
        }

        return power;
    }

    /// <summary>
    /// Integrates the battery's power since the last refresh, then sets the power it holds from now: 0 without a
    /// control (or when it refuses), else the point of the model 124 window nearest to 0, cut to what its state of
    /// charge allows (no charging when full, no discharging when empty).
    /// </summary>
    private void RefreshBattery(DateTimeOffset now)
    {
        if (_options.BatteryCapacityWh is not { } capacity)
        {
            return;
        }

        // Like a real battery, it keeps the reserve written to MinRsvPct: discharging stops there, to the Wh.
        var reserveWh = capacity * _map.StorageReservePercent / 100;
        if (_lastRefresh is { } last && now > last)
        {
            var floor = _batteryPowerW < 0 ? Math.Min(_batteryStoredWh, reserveWh) : 0;
            _batteryStoredWh = Math.Clamp(_batteryStoredWh + (_batteryPowerW * (now - last).TotalHours), floor, capacity);
        }

        var revert = _map.StorageRevertTimeout;
        if (_map.StorageWindowW is not null && revert > TimeSpan.Zero && now - _lastStorageWrite >= revert)
        {
            _map.DisableStorageControl();
        }

        var power = 0.0;
        if (!BatteryRefusesSetpoints && _map.StorageWindowW is { } window && window.Lowest <= window.Highest)
        {
            power = Math.Clamp(0, window.Lowest, window.Highest) * BatteryFollowFactor;
        }

        if ((power > 0 && _batteryStoredWh >= capacity) || (power < 0 && _batteryStoredWh <= Math.Max(0, reserveWh)))
        {
            power = 0;
        }

        _batteryPowerW = power;
        _map.UpdateStorage(100 * _batteryStoredWh / capacity, power);
    }

    private static byte[] Exception(byte function, ModbusExceptionCode code) => [(byte)(function | ModbusFunctionCode.ExceptionFlag), (byte)code];
}
