using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Tools.CpSimulator;

/// <summary>
/// A simulated OCPP 1.6J charge point: a real client over <see cref="ClientWebSocket"/> that boots, sends
/// heartbeats and status, authorises, starts and stops transactions, samples meter values, queues transaction
/// messages while disconnected and replays them in order, obeys charging profiles and answers GetCompositeSchedule.
/// </summary>
public sealed class SimulatedChargePoint : IAsyncDisposable
{
    private readonly SimulatedChargePointOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (string Value, bool ReadOnly)> _configuration;
    private readonly ConnectorState[] _connectors;
    private readonly Queue<QueuedTransactionMessage> _queue = new();
    private readonly Dictionary<int, int> _confirmedTransactions = [];
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly Lock _stateLock = new();
    private ClientWebSocket? _socket;
    private OcppRpcConnection? _connection;
    private Task? _receiveLoop;
    private int _nextLocalTransaction;
    private int _txProfilesRejected;
    private int _localListVersion;
    private readonly Dictionary<string, IdTagInfo> _localList = new(StringComparer.OrdinalIgnoreCase);

    public SimulatedChargePoint(SimulatedChargePointOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Profiles = new ChargingProfileStore(options.Supply, options.ConnectorCount, options.MaxStackLevel,
            options.MaxSchedulePeriods, options.MaxProfilesInstalled);
        _connectors = Enumerable.Range(1, options.ConnectorCount).Select(c => new ConnectorState(c)).ToArray();
        _configuration = new(StringComparer.Ordinal)
        {
            ["HeartbeatInterval"] = ("300", false),
            ["MeterValueSampleInterval"] = ("60", false),
            ["MeterValuesSampledData"] = ("Energy.Active.Import.Register,Power.Active.Import", false),
            ["SupportedFeatureProfiles"] = (options.SupportsReservations
                ? "Core,FirmwareManagement,LocalAuthListManagement,SmartCharging,RemoteTrigger,Reservation"
                : "Core,FirmwareManagement,LocalAuthListManagement,SmartCharging,RemoteTrigger", true),
            ["LocalAuthListEnabled"] = ("true", false),
            ["LocalAuthListMaxLength"] = ("100", true),
            ["SendLocalListMaxLength"] = ("100", true),
            ["NumberOfConnectors"] = (options.ConnectorCount.ToString(CultureInfo.InvariantCulture), true),
            ["ChargingScheduleAllowedChargingRateUnit"] = (options.AllowedChargingRateUnits, true),
            ["ChargingScheduleMaxPeriods"] = (options.MaxSchedulePeriods.ToString(CultureInfo.InvariantCulture), true),
            ["ChargeProfileMaxStackLevel"] = (options.MaxStackLevel.ToString(CultureInfo.InvariantCulture), true),
            ["MaxChargingProfilesInstalled"] = (options.MaxProfilesInstalled.ToString(CultureInfo.InvariantCulture), true),
            ["ConnectorSwitch3to1PhaseSupported"] = (options.SwitchesPhases ? "true" : "false", true),
        };
    }

    public string ChargePointId => _options.ChargePointId;

    public ChargingProfileStore Profiles { get; }

    public RegistrationStatus? BootStatus { get; private set; }

    public bool IsConnected => _connection?.IsOpen ?? false;

    public int QueuedTransactionMessages
    {
        get
        {
            lock (_stateLock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Every CALL the central system sent, by action, in arrival order.</summary>
    public List<string> ReceivedActions { get; } = [];

    public IReadOnlyList<ConnectorState> Connectors => _connectors;

    public string? ConfigurationValue(string key) => _configuration.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>The local authorization list (OCPP 1.6 §3.4) and its version; 0 when none was ever sent.</summary>
    public (int Version, IReadOnlyDictionary<string, IdTagInfo> Entries) LocalList
    {
        get
        {
            lock (_stateLock)
            {
                return (_localListVersion, new Dictionary<string, IdTagInfo>(_localList, StringComparer.OrdinalIgnoreCase));
            }
        }
    }

    /// <summary>The central system's id for the transaction on a connector, once it confirmed the start.</summary>
    public int? TransactionIdOn(int connectorId)
    {
        lock (_stateLock)
        {
            var local = Connector(connectorId).LocalTransaction;
            return local is { } l && _confirmedTransactions.TryGetValue(l, out var id) ? id : null;
        }
    }

    public async Task ConnectAsync(CancellationToken ct = default)
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("ocpp1.6");
        if (_options.AuthorizationKey is { } key)
        {
            socket.Options.SetRequestHeader("Authorization",
                "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ChargePointId}:{key}")));
        }
        var uri = new Uri(_options.CentralSystem.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(ChargePointId));
        await socket.ConnectAsync(uri, ct);
        var dispatcher = new OcppCallDispatcher(Routes(), OcppActions.FromCentralSystem, schemas, _ => null, true, _logger);
        _socket = socket;
        _connection = new OcppRpcConnection(ChargePointId, socket, dispatcher, schemas,
            new OcppRpcOptions { CallTimeout = _options.CallTimeout }, _time, _logger);
        _receiveLoop = _connection.RunAsync(CancellationToken.None);
    }

    /// <summary>Simulates a network outage: the socket is gone without a close handshake.</summary>
    public async Task DropConnectionAsync()
    {
        _socket?.Abort();
        if (_receiveLoop is { } loop)
        {
            await loop;
        }
    }

    /// <summary>Closes cleanly.</summary>
    public async Task DisconnectAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }
        if (_receiveLoop is { } loop)
        {
            await loop;
        }
    }

    public async Task<BootNotificationResponse> BootAsync(CancellationToken ct = default)
    {
        var reply = await Call(new BootNotificationRequest { ChargePointVendor = _options.Vendor, ChargePointModel = _options.Model }, ct);
        BootStatus = reply.Status;
        return reply;
    }

    public Task<HeartbeatResponse> HeartbeatAsync(CancellationToken ct = default) =>
        Call(new HeartbeatRequest(), ct);

    public Task<StatusNotificationResponse> StatusAsync(int connectorId, ChargePointStatus status, CancellationToken ct = default) =>
        Call(new StatusNotificationRequest
        {
            ConnectorId = connectorId,
            Status = status,
            ErrorCode = ChargePointErrorCode.NoError,
            Timestamp = _time.GetUtcNow(),
        }, ct);

    /// <summary>A StatusNotification with an error code (OCPP 1.6 §4.9), e.g. Faulted with GroundFailure.</summary>
    public Task<StatusNotificationResponse> StatusAsync(int connectorId, ChargePointStatus status, ChargePointErrorCode errorCode, CancellationToken ct = default) =>
        Call(new StatusNotificationRequest
        {
            ConnectorId = connectorId,
            Status = status,
            ErrorCode = errorCode,
            Timestamp = _time.GetUtcNow(),
        }, ct);

    public async Task<IdTagInfo> AuthorizeAsync(string idTag, CancellationToken ct = default) =>
        (await Call(new AuthorizeRequest { IdTag = idTag }, ct)).IdTagInfo;

    public Task<DataTransferResponse> DataTransferAsync(string vendorId, string? data, CancellationToken ct = default) =>
        Call(new DataTransferRequest { VendorId = vendorId, Data = data }, ct);

    public Task<DiagnosticsStatusNotificationResponse> DiagnosticsStatusAsync(DiagnosticsStatus status, CancellationToken ct = default) =>
        Call(new DiagnosticsStatusNotificationRequest { Status = status }, ct);

    public Task<FirmwareStatusNotificationResponse> FirmwareStatusAsync(FirmwareStatus status, CancellationToken ct = default) =>
        Call(new FirmwareStatusNotificationRequest { Status = status }, ct);

    /// <summary>A car plugs in and the transaction starts, online or not: the StartTransaction is queued and
    /// delivered as soon as possible. Returns the simulator's local transaction reference.</summary>
    public async Task<int> StartTransactionAsync(int connectorId, string idTag, ICarModel car, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var connector = Connector(connectorId);
        int local;
        lock (_stateLock)
        {
            if (connector.LocalTransaction is not null)
            {
                throw new InvalidOperationException($"connector {connectorId} already has a transaction");
            }

            // A reserved connector starts only for its idTag (OCPP 1.6 §5.13), which ends the reservation; anyone
            // else is refused at the charger, nothing is sent.
            int? reservationId = null;
            if (connector.ReservedUntil(now) is not null)
            {
                if (!string.Equals(connector.ReservedIdTag, idTag, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ConnectorReservedException(connectorId, idTag);
                }

                reservationId = connector.ReservationId;
                connector.ReservationId = null;
            }

            local = ++_nextLocalTransaction;
            connector.Car = car;
            connector.IdTag = idTag;
            connector.LocalTransaction = local;
            connector.TransactionStart = now;
            connector.LastUpdate = now;
            var meterStart = (int)connector.EnergyRegisterWh;
            _queue.Enqueue(new QueuedTransactionMessage(StartTransactionRequest.Action, local, _ => new StartTransactionRequest
            {
                ConnectorId = connectorId,
                IdTag = idTag,
                MeterStart = meterStart,
                Timestamp = now,
                ReservationId = reservationId,
            }));
        }
        Advance(now);
        await FlushAsync(ct);
        return local;
    }

    /// <summary>Ends the transaction on a connector (queued like the start).</summary>
    public async Task StopTransactionAsync(int connectorId, Reason reason = Reason.EVDisconnected, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        Advance(now);
        var connector = Connector(connectorId);
        lock (_stateLock)
        {
            if (connector.LocalTransaction is not { } local)
            {
                throw new InvalidOperationException($"connector {connectorId} has no transaction");
            }
            var meterStop = (int)connector.EnergyRegisterWh;
            var idTag = connector.IdTag;
            // The queued start is delivered first, so its confirmed id is known when this stop is sent; -1 only
            // when the central system refused the start.
            _queue.Enqueue(new QueuedTransactionMessage(StopTransactionRequest.Action, local, resolve => new StopTransactionRequest
            {
                TransactionId = resolve(local) ?? -1,
                IdTag = idTag,
                MeterStop = meterStop,
                Timestamp = now,
                Reason = reason,
            }));
            connector.LocalTransaction = null;
            connector.Car = null;
            connector.DrawW = 0;
        }
        Profiles.EndTransaction(connectorId);
        await FlushAsync(ct);
    }

    /// <summary>Takes one meter sample of every connector with a transaction and queues it as MeterValues.</summary>
    public async Task SampleMeterValuesAsync(CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        Advance(now);
        var measurands = (ConfigurationValue("MeterValuesSampledData") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        lock (_stateLock)
        {
            foreach (var connector in _connectors.Where(c => c.LocalTransaction is not null))
            {
                var values = Sample(connector, measurands);
                var local = connector.LocalTransaction;
                var connectorId = connector.ConnectorId;
                _queue.Enqueue(new QueuedTransactionMessage(MeterValuesRequest.Action, local, resolve => new MeterValuesRequest
                {
                    ConnectorId = connectorId,
                    TransactionId = resolve(local),
                    MeterValue = [new MeterValue { Timestamp = now, SampledValue = values }],
                }));
            }
        }
        await FlushAsync(ct);
    }

    /// <summary>Delivers queued transaction messages in order while connected. A message whose delivery fails
    /// for lack of a connection stays queued and is replayed later, possibly a second time.</summary>
    public async Task<int> FlushAsync(CancellationToken ct = default)
    {
        var delivered = 0;
        await _flushLock.WaitAsync(ct);
        try
        {
            while (IsConnected)
            {
                QueuedTransactionMessage message;
                lock (_stateLock)
                {
                    if (!_queue.TryPeek(out message!))
                    {
                        break;
                    }
                }
                var request = message.Build(Resolve);
                try
                {
                    switch (request)
                    {
                        case StartTransactionRequest start:
                            var reply = await Call(start, ct);
                            lock (_stateLock)
                            {
                                _confirmedTransactions[message.LocalTransaction!.Value] = reply.TransactionId;
                            }
                            break;
                        case StopTransactionRequest stop:
                            await Call(stop, ct);
                            break;
                        case MeterValuesRequest meter:
                            await Call(meter, ct);
                            break;
                        default:
                            throw new InvalidOperationException($"{message.Action} is not a transaction message");
                    }
                }
                catch (OcppCallErrorException e)
                {
                    _logger.LogWarning("{ChargePointId}: {Action} refused ({Code}); dropped", ChargePointId, message.Action, e.ErrorCode);
                }
                catch (Exception e) when (e is OcppConnectionClosedException or OcppCallTimeoutException)
                {
                    break;
                }
                lock (_stateLock)
                {
                    _queue.Dequeue();
                }
                delivered++;
            }
        }
        finally
        {
            _flushLock.Release();
        }
        return delivered;
    }

    /// <summary>Runs the charger on its own: connect, boot until accepted, heartbeats and meter samples on the
    /// configured intervals, reconnect after a drop. Ends when <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(ct);
                var boot = await BootAsync(ct);
                while (boot.Status != RegistrationStatus.Accepted)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(boot.Interval, 1)), _time, ct);
                    boot = await BootAsync(ct);
                }
                SetConfiguration("HeartbeatInterval", boot.Interval.ToString(CultureInfo.InvariantCulture));
                foreach (var connector in _connectors)
                {
                    await StatusAsync(connector.ConnectorId, connector.LocalTransaction is null ? ChargePointStatus.Available : ChargePointStatus.Charging, ct);
                }
                await FlushAsync(ct);
                await Task.WhenAll(EveryAsync("HeartbeatInterval", HeartbeatAsync, ct), EveryAsync("MeterValueSampleInterval", SampleMeterValuesAsync, ct));
            }
            catch (Exception e) when (e is WebSocketException or OcppConnectionClosedException or OcppCallTimeoutException)
            {
                _logger.LogInformation("{ChargePointId}: connection lost ({Message}); retrying", ChargePointId, e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            if (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), _time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        _socket?.Dispose();
    }

    /// <summary>Integrates energy at the previous draw up to <paramref name="now"/>, then lets each car draw
    /// min(offered, its own limit) under the profiles valid now.</summary>
    public void Advance(DateTimeOffset now)
    {
        lock (_stateLock)
        {
            var transactions = RunningTransactions();
            foreach (var connector in _connectors)
            {
                var hours = Math.Max(0, (now - connector.LastUpdate).TotalHours);
                if (connector.DrawW > 0 && hours > 0)
                {
                    var energy = connector.DrawW * hours;
                    connector.EnergyRegisterWh += energy;
                    connector.Car?.Deliver(energy, now);
                }
                connector.LastUpdate = now;
            }
            var chargerLimit = Profiles.LimitW(0, now, transactions);
            var used = 0.0;
            foreach (var connector in _connectors)
            {
                // A ChargePointMaxProfile limits all connectors together: what one draws, the next cannot.
                var offered = Math.Max(0, Math.Min(Profiles.LimitW(connector.ConnectorId, now, transactions), chargerLimit - used));
                var supply = _options.Supply;
                // numberPhases 1 on a charger that switches runs the connector on its L1 alone (OCPP 1.6 §7.13, §9.4.4).
                var profilePhases = Profiles.NumberPhases(connector.ConnectorId, now, transactions);
                connector.ActivePhases = _options.SwitchesPhases && supply.Phases == 3 && profilePhases == 1 ? 1 : supply.Phases;
                // The limit is a current per line over the active lines; a car on fewer lines gets that current on its own.
                var lines = Math.Min(connector.Car?.Phases ?? 3, connector.ActivePhases);
                var numberPhases = profilePhases ?? connector.ActivePhases;
                var perLineA = offered / (supply.VoltagePerPhase * Math.Clamp(numberPhases, 1, connector.ActivePhases));
                connector.OfferedW = offered;
                // Never more than the limit's total, whatever the lines.
                connector.DrawW = connector.Car?.DrawW(Math.Min(offered, perLineA * supply.VoltagePerPhase * lines), now) ?? 0;
                var drawA = connector.DrawW / (supply.VoltagePerPhase * lines);
                connector.LineCurrentsA = [.. Enumerable.Range(0, 3).Select(line => line < lines ? drawA : 0)];
                used += connector.DrawW;
            }
        }
    }

    private async Task EveryAsync(string intervalKey, Func<CancellationToken, Task> action, CancellationToken ct)
    {
        while (IsConnected && !ct.IsCancellationRequested)
        {
            var seconds = int.TryParse(ConfigurationValue(intervalKey), out var s) && s > 0 ? s : 60;
            await Task.Delay(TimeSpan.FromSeconds(seconds), _time, ct);
            await action(ct);
        }
    }

    private IReadOnlyList<SampledValue> Sample(ConnectorState connector, IReadOnlySet<string> measurands)
    {
        var supply = _options.Supply;
        var values = new List<SampledValue>
        {
            Value(connector.EnergyRegisterWh, Measurand.EnergyActiveImportRegister, UnitOfMeasure.Wh),
        };
        if (measurands.Contains("Power.Active.Import"))
        {
            values.Add(Value(connector.DrawW, Measurand.PowerActiveImport, UnitOfMeasure.W));
        }
        if (measurands.Contains("Current.Import"))
        {
            foreach (var (phase, line) in new[] { Phase.L1, Phase.L2, Phase.L3 }.Take(supply.Phases).Select((p, i) => (p, i)))
            {
                values.Add(Value(supply.Phases == 1 ? supply.ToAmps(connector.DrawW) : connector.LineCurrentsA[line], Measurand.CurrentImport, UnitOfMeasure.A, phase));
            }
        }
        if (measurands.Contains("Current.Offered"))
        {
            values.Add(Value(supply.ToAmps(connector.OfferedW), Measurand.CurrentOffered, UnitOfMeasure.A));
        }
        if (measurands.Contains("Power.Offered"))
        {
            values.Add(Value(connector.OfferedW, Measurand.PowerOffered, UnitOfMeasure.W));
        }
        if (measurands.Contains("SoC") && connector.Car?.SoCPercent is { } soc)
        {
            values.Add(Value(soc, Measurand.SoC, UnitOfMeasure.Percent));
        }
        return values;
    }

    private static SampledValue Value(double value, Measurand measurand, UnitOfMeasure unit, Phase? phase = null) => new()
    {
        Value = value.ToString("0.0", CultureInfo.InvariantCulture),
        Measurand = measurand,
        Unit = unit,
        Phase = phase,
        Context = ReadingContext.SamplePeriodic,
        Location = Location.Outlet,
    };

    private bool RejectsAsUnknownTransaction(ChargingProfile profile) =>
        profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile
        && Interlocked.Increment(ref _txProfilesRejected) <= _options.RejectsFirstTxProfiles;

    private int? Resolve(int? local)
    {
        lock (_stateLock)
        {
            return local is { } l && _confirmedTransactions.TryGetValue(l, out var id) ? id : null;
        }
    }

    private Dictionary<int, (int TransactionId, DateTimeOffset Start)> RunningTransactions() =>
        _connectors.Where(c => c.LocalTransaction is not null).ToDictionary(
            c => c.ConnectorId,
            c => (_confirmedTransactions.TryGetValue(c.LocalTransaction!.Value, out var id) ? id : -c.LocalTransaction!.Value, c.TransactionStart));

    private ConnectorState Connector(int connectorId) =>
        connectorId >= 1 && connectorId <= _connectors.Length
            ? _connectors[connectorId - 1]
            : throw new ArgumentOutOfRangeException(nameof(connectorId), connectorId, "no such connector");

    private Task<TResponse> Call<TRequest, TResponse>(IOcppRequest<TRequest, TResponse> request, CancellationToken ct)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull =>
        (_connection ?? throw new OcppConnectionClosedException(ChargePointId)).CallAsync(request, ct);

    private void SetConfiguration(string key, string value)
    {
        lock (_stateLock)
        {
            _configuration[key] = (value, _configuration.TryGetValue(key, out var e) && e.ReadOnly);
        }
    }

    private OcppRouteTable Routes() => MaintenanceRoutes(ReservationRoutes(new OcppRouteTable()
        .Map<SetChargingProfileRequest, SetChargingProfileResponse>((_, request, _) =>
        {
            Record(SetChargingProfileRequest.Action);
            int? active = request.ConnectorId > 0 && request.ConnectorId <= _connectors.Length ? TransactionIdOn(request.ConnectorId) : null;
            var unit = request.CsChargingProfiles.ChargingSchedule.ChargingRateUnit == ChargingRateUnitType.A ? "Current" : "Power";
            var status = !_options.RejectsAllProfiles && _options.AllowedChargingRateUnits.Contains(unit, StringComparison.Ordinal)
                && !RejectsAsUnknownTransaction(request.CsChargingProfiles)
                ? Profiles.Install(request.ConnectorId, request.CsChargingProfiles, active)
                : ChargingProfileStatus.Rejected;
            Advance(_time.GetUtcNow());
            return Reply(new SetChargingProfileResponse { Status = status });
        })
        .Map<ClearChargingProfileRequest, ClearChargingProfileResponse>((_, request, _) =>
        {
            Record(ClearChargingProfileRequest.Action);
            var status = Profiles.Clear(request);
            Advance(_time.GetUtcNow());
            return Reply(new ClearChargingProfileResponse { Status = status });
        })
        .Map<GetCompositeScheduleRequest, GetCompositeScheduleResponse>((_, request, _) =>
        {
            Record(GetCompositeScheduleRequest.Action);
            if (request.ConnectorId < 0 || request.ConnectorId > _connectors.Length)
            {
                return Reply(new GetCompositeScheduleResponse { Status = AcceptanceStatus.Rejected });
            }
            var now = _time.GetUtcNow();
            Dictionary<int, (int, DateTimeOffset)> transactions;
            lock (_stateLock)
            {
                transactions = RunningTransactions();
            }
            var schedule = Profiles.CompositeSchedule(request.ConnectorId, now, TimeSpan.FromSeconds(request.Duration),
                request.ChargingRateUnit ?? ChargingRateUnitType.W, transactions);
            return Reply(new GetCompositeScheduleResponse
            {
                Status = AcceptanceStatus.Accepted,
                ConnectorId = request.ConnectorId,
                ScheduleStart = now,
                ChargingSchedule = schedule,
            });
        })
        .Map<GetConfigurationRequest, GetConfigurationResponse>((_, request, _) =>
        {
            Record(GetConfigurationRequest.Action);
            lock (_stateLock)
            {
                var keys = request.Key is { Count: > 0 } asked ? asked : _configuration.Keys.ToArray();
                return Reply(new GetConfigurationResponse
                {
                    ConfigurationKey = keys.Where(_configuration.ContainsKey)
                        .Select(k => new ConfigurationKey { Key = k, Readonly = _configuration[k].ReadOnly, Value = _configuration[k].Value })
                        .ToArray(),
                    UnknownKey = keys.Where(k => !_configuration.ContainsKey(k)).ToArray(),
                });
            }
        })
        .Map<ChangeConfigurationRequest, ChangeConfigurationResponse>((_, request, _) =>
        {
            Record(ChangeConfigurationRequest.Action);
            lock (_stateLock)
            {
                var status = !_configuration.TryGetValue(request.Key, out var entry) ? ConfigurationStatus.NotSupported
                    : entry.ReadOnly ? ConfigurationStatus.Rejected
                    : request.Key.EndsWith("Interval", StringComparison.Ordinal) && !int.TryParse(request.Value, out _) ? ConfigurationStatus.Rejected
                    : ConfigurationStatus.Accepted;
                if (status == ConfigurationStatus.Accepted)
                {
                    _configuration[request.Key] = (request.Value, false);
                }
                return Reply(new ChangeConfigurationResponse { Status = status });
            }
        })
        .Map<RemoteStartTransactionRequest, RemoteStartTransactionResponse>((context, request, _) =>
        {
            Record(RemoteStartTransactionRequest.Action);
            var connector = _connectors.FirstOrDefault(c => (request.ConnectorId is null || c.ConnectorId == request.ConnectorId) && c.LocalTransaction is null);
            // OCPP 1.6 §5.11: a profile given with RemoteStart must be a TxProfile.
            if (connector is null || request.ChargingProfile is { ChargingProfilePurpose: not ChargingProfilePurposeType.TxProfile })
            {
                return Reply(new RemoteStartTransactionResponse { Status = AcceptanceStatus.Rejected });
            }
            context.OnReplySent(async () =>
            {
                await StartTransactionAsync(connector.ConnectorId, request.IdTag, _options.CarForRemoteStart());
                if (request.ChargingProfile is { } profile && TransactionIdOn(connector.ConnectorId) is { } id)
                {
                    Profiles.Install(connector.ConnectorId, profile with { TransactionId = id }, id);
                    Advance(_time.GetUtcNow());
                }
            });
            return Reply(new RemoteStartTransactionResponse { Status = AcceptanceStatus.Accepted });
        })
        .Map<RemoteStopTransactionRequest, RemoteStopTransactionResponse>((context, request, _) =>
        {
            Record(RemoteStopTransactionRequest.Action);
            var connector = _connectors.FirstOrDefault(c => TransactionIdOn(c.ConnectorId) == request.TransactionId);
            if (connector is null)
            {
                return Reply(new RemoteStopTransactionResponse { Status = AcceptanceStatus.Rejected });
            }
            context.OnReplySent(() => StopTransactionAsync(connector.ConnectorId, Reason.Remote));
            return Reply(new RemoteStopTransactionResponse { Status = AcceptanceStatus.Accepted });
        })
        .Map<TriggerMessageRequest, TriggerMessageResponse>((context, request, _) =>
        {
            Record(TriggerMessageRequest.Action);
            Func<Task>? send = request.RequestedMessage switch
            {
                MessageTrigger.BootNotification => () => BootAsync(),
                MessageTrigger.Heartbeat => () => HeartbeatAsync(),
                MessageTrigger.MeterValues => () => SampleMeterValuesAsync(),
                MessageTrigger.StatusNotification => () => StatusAsync(request.ConnectorId ?? 1,
                    Connector(Math.Max(1, request.ConnectorId ?? 1)).LocalTransaction is null ? ChargePointStatus.Available : ChargePointStatus.Charging),
                MessageTrigger.DiagnosticsStatusNotification => () => DiagnosticsStatusAsync(DiagnosticsStatus.Idle),
                MessageTrigger.FirmwareStatusNotification => () => FirmwareStatusAsync(FirmwareStatus.Idle),
                _ => null,
            };
            if (send is null || request.ConnectorId > _connectors.Length)
            {
                return Reply(new TriggerMessageResponse { Status = send is null ? TriggerMessageStatus.NotImplemented : TriggerMessageStatus.Rejected });
            }
            context.OnReplySent(send);
            return Reply(new TriggerMessageResponse { Status = TriggerMessageStatus.Accepted });
        })
        .Map<ChangeAvailabilityRequest, ChangeAvailabilityResponse>((_, request, _) =>
        {
            Record(ChangeAvailabilityRequest.Action);
            var busy = _connectors.Any(c => (request.ConnectorId == 0 || c.ConnectorId == request.ConnectorId) && c.LocalTransaction is not null);
            var status = request.ConnectorId > _connectors.Length ? AvailabilityStatus.Rejected
                : busy ? AvailabilityStatus.Scheduled : AvailabilityStatus.Accepted;
            return Reply(new ChangeAvailabilityResponse { Status = status });
        })
        .Map<ResetRequest, ResetResponse>((context, request, _) =>
        {
            Record(ResetRequest.Action);
            context.OnReplySent(async () =>
            {
                foreach (var connector in _connectors.Where(c => c.LocalTransaction is not null))
                {
                    await StopTransactionAsync(connector.ConnectorId, request.Type == ResetType.Hard ? Reason.HardReset : Reason.SoftReset);
                }
                await BootAsync();
            });
            return Reply(new ResetResponse { Status = AcceptanceStatus.Accepted });
        })
        .Map<UnlockConnectorRequest, UnlockConnectorResponse>((_, request, _) =>
        {
            Record(UnlockConnectorRequest.Action);
            return Reply(new UnlockConnectorResponse
            {
                Status = request.ConnectorId >= 1 && request.ConnectorId <= _connectors.Length ? UnlockStatus.Unlocked : UnlockStatus.NotSupported,
            });
        })
        .Map<DataTransferRequest, DataTransferResponse>((_, _, _) =>
        {
            Record(DataTransferRequest.Action);
            return Reply(new DataTransferResponse { Status = DataTransferStatus.UnknownVendorId });
        })));

    /// <summary>
    /// Firmware Management and Local Auth List Management (OCPP 1.6 §5.4, §5.9, §5.10, §5.15, §5.19), as the OCA
    /// compliance tool's charger plays them: a firmware update reports Downloading, Downloaded, Installing,
    /// Installed and reboots; a diagnostics request names a file and reports Uploading, Uploaded.
    /// </summary>
    private OcppRouteTable MaintenanceRoutes(OcppRouteTable table) => table
        .Map<ClearCacheRequest, ClearCacheResponse>((_, _, _) =>
        {
            Record(ClearCacheRequest.Action);
            return Reply(new ClearCacheResponse { Status = AcceptanceStatus.Accepted });
        })
        .Map<GetLocalListVersionRequest, GetLocalListVersionResponse>((_, _, _) =>
        {
            Record(GetLocalListVersionRequest.Action);
            lock (_stateLock)
            {
                return Reply(new GetLocalListVersionResponse { ListVersion = _localListVersion });
            }
        })
        .Map<SendLocalListRequest, SendLocalListResponse>((_, request, _) =>
        {
            Record(SendLocalListRequest.Action);
            var entries = request.LocalAuthorizationList ?? [];
            lock (_stateLock)
            {
                // §5.15: a differential update must move the version forward; a list longer than the charger
                // takes is refused as a whole.
                if (entries.Count > 100)
                {
                    return Reply(new SendLocalListResponse { Status = UpdateStatus.Failed });
                }

                if (request.UpdateType == UpdateType.Differential && request.ListVersion <= _localListVersion)
                {
                    return Reply(new SendLocalListResponse { Status = UpdateStatus.VersionMismatch });
                }

                if (request.UpdateType == UpdateType.Full)
                {
                    _localList.Clear();
                }

                foreach (var entry in entries)
                {
                    if (entry.IdTagInfo is { } info)
                    {
                        _localList[entry.IdTag] = info;
                    }
                    else
                    {
                        _localList.Remove(entry.IdTag);
                    }
                }

                _localListVersion = request.ListVersion;
                return Reply(new SendLocalListResponse { Status = UpdateStatus.Accepted });
            }
        })
        .Map<UpdateFirmwareRequest, UpdateFirmwareResponse>((context, _, _) =>
        {
            Record(UpdateFirmwareRequest.Action);
            context.OnReplySent(async () =>
            {
                foreach (var status in new[] { FirmwareStatus.Downloading, FirmwareStatus.Downloaded, FirmwareStatus.Installing, FirmwareStatus.Installed })
                {
                    await FirmwareStatusAsync(status);
                }

                await BootAsync();
            });
            return Reply(new UpdateFirmwareResponse());
        })
        .Map<GetDiagnosticsRequest, GetDiagnosticsResponse>((context, _, _) =>
        {
            Record(GetDiagnosticsRequest.Action);
            context.OnReplySent(async () =>
            {
                await DiagnosticsStatusAsync(DiagnosticsStatus.Uploading);
                await DiagnosticsStatusAsync(DiagnosticsStatus.Uploaded);
            });
            var fileName = string.Create(CultureInfo.InvariantCulture, $"diagnostics-{ChargePointId}-{_time.GetUtcNow():yyyyMMddTHHmmssZ}.log");
            return Reply(new GetDiagnosticsResponse { FileName = fileName });
        });

    /// <summary>
    /// The Reservation profile (OCPP 1.6 §3.11, §5.13, §5.3), only on a charger configured to support it; one
    /// without it answers ReserveNow with a NotSupported CALLERROR, as firmware without the profile does.
    /// </summary>
    private OcppRouteTable ReservationRoutes(OcppRouteTable table) => !_options.SupportsReservations ? table : table
        .Map<ReserveNowRequest, ReserveNowResponse>((_, request, _) =>
        {
            Record(ReserveNowRequest.Action);
            var now = _time.GetUtcNow();
            lock (_stateLock)
            {
                if (request.ConnectorId < 1 || request.ConnectorId > _connectors.Length)
                {
                    return Reply(new ReserveNowResponse { Status = ReservationStatus.Rejected });
                }

                var connector = _connectors[request.ConnectorId - 1];
                var status = _options.ReserveNowAnswer
                    ?? (connector.LocalTransaction is not null ? ReservationStatus.Occupied
                        : connector.ReservedUntil(now) is not null && connector.ReservationId != request.ReservationId ? ReservationStatus.Occupied
                        : request.ExpiryDate <= now ? ReservationStatus.Rejected
                        : ReservationStatus.Accepted);
                if (status == ReservationStatus.Accepted)
                {
                    // The same reservationId replaces the reservation (§5.13).
                    foreach (var other in _connectors.Where(c => c.ReservationId == request.ReservationId))
                    {
                        other.ReservationId = null;
                    }

                    connector.ReservationId = request.ReservationId;
                    connector.ReservedIdTag = request.IdTag;
                    connector.ReservationExpiry = request.ExpiryDate;
                }

                return Reply(new ReserveNowResponse { Status = status });
            }
        })
        .Map<CancelReservationRequest, CancelReservationResponse>((_, request, _) =>
        {
            Record(CancelReservationRequest.Action);
            lock (_stateLock)
            {
                var connector = _connectors.FirstOrDefault(c => c.ReservationId == request.ReservationId && c.ReservedUntil(_time.GetUtcNow()) is not null);
                if (connector is null)
                {
                    return Reply(new CancelReservationResponse { Status = AcceptanceStatus.Rejected });
                }

                connector.ReservationId = null;
                return Reply(new CancelReservationResponse { Status = AcceptanceStatus.Accepted });
            }
        });

    private void Record(string action)
    {
        lock (ReceivedActions)
        {
            ReceivedActions.Add(action);
        }
    }

    private static ValueTask<T> Reply<T>(T reply) => ValueTask.FromResult(reply);
}
