using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Tests.Support;
using OliMove.Tools.CpSimulator;

namespace OliMove.Ocpp.Tests;

/// <summary>The central system and the simulated charge point over real sockets: every action both ways.</summary>
public sealed class SimulatorIntegrationTests : IAsyncLifetime
{
    private TestCentralSystem _cs = null!;
    private SimulatedChargePoint _cp = null!;
    private readonly TaskCompletionSource<ChargePointConfigured> _configured = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        _cs = await TestCentralSystem.StartAsync(o => o.MeterValueSampleInterval = TimeSpan.FromSeconds(30), "SIM-1");
        _cs.Events.Configured += e => _configured.TrySetResult(e);
        _cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = "SIM-1",
            CentralSystem = _cs.OcppBase,
            AuthorizationKey = "key-SIM-1",
            ConnectorCount = 2,
        });
        await _cp.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _cp.DisposeAsync();
        await _cs.DisposeAsync();
    }

    [Fact]
    public async Task After_boot_reads_smart_charging_limits_and_configures_meter_sampling()
    {
        (await _cp.BootAsync()).Status.Should().Be(RegistrationStatus.Accepted);

        var configured = await _configured.Task.WaitAsync(TimeSpan.FromSeconds(5));

        configured.Capabilities.AllowedChargingRateUnits.Should().Equal(ChargingRateUnitType.A, ChargingRateUnitType.W);
        configured.Capabilities.ChargingScheduleMaxPeriods.Should().Be(24);
        configured.Capabilities.ChargeProfileMaxStackLevel.Should().Be(8);
        configured.Capabilities.MaxChargingProfilesInstalled.Should().Be(16);
        configured.Capabilities.MeterValuesSampledDataStatus.Should().Be(ConfigurationStatus.Accepted);
        _cs.Store.Capabilities["SIM-1"].Should().Be(configured.Capabilities);
        _cp.ConfigurationValue("MeterValueSampleInterval").Should().Be("30");
        _cp.ConfigurationValue("MeterValuesSampledData").Should().Contain("Current.Offered");
    }

    [Fact]
    public async Task Handles_every_charge_point_action_and_stores_before_replying()
    {
        var started = new TaskCompletionSource<TransactionStarted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var meter = new TaskCompletionSource<MeterValuesReceived>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cs.Events.TransactionStarted += e => started.TrySetResult(e);
        _cs.Events.MeterValuesReceived += e => meter.TrySetResult(e);
        await _cp.BootAsync();
        await _configured.Task.WaitAsync(TimeSpan.FromSeconds(5));

        (await _cp.HeartbeatAsync()).CurrentTime.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5));
        await _cp.StatusAsync(1, ChargePointStatus.Preparing);
        (await _cp.AuthorizeAsync("TAG-1")).Status.Should().Be(AuthorizationStatus.Accepted);
        (await _cp.AuthorizeAsync("BAD-1")).Status.Should().Be(AuthorizationStatus.Invalid);
        (await _cp.DataTransferAsync("OliMove", "ping")).Data.Should().Be("pong");
        await _cp.DiagnosticsStatusAsync(DiagnosticsStatus.Uploaded);
        await _cp.FirmwareStatusAsync(FirmwareStatus.Installed);
        await _cp.StartTransactionAsync(1, "TAG-1", new FixedLimitCar(7400));
        var transactionId = _cp.TransactionIdOn(1);
        await _cp.SampleMeterValuesAsync();
        await _cp.StopTransactionAsync(1);

        transactionId.Should().NotBeNull();
        (await started.Task.WaitAsync(TimeSpan.FromSeconds(5))).TransactionId.Should().Be(transactionId!.Value);
        (await meter.Task.WaitAsync(TimeSpan.FromSeconds(5))).TransactionId.Should().Be(transactionId);
        _cs.Store.Statuses.Should().ContainSingle(s => s.Status.Status == ChargePointStatus.Preparing);
        _cs.Store.DataTransfers.Should().ContainSingle();
        _cs.Store.FirmwareAndDiagnostics.Select(f => f.Status).Should().Equal(DiagnosticsStatus.Uploaded, FirmwareStatus.Installed);
        _cs.Store.Transactions.Should().ContainSingle().Which.Stop.Should().NotBeNull();
        _cs.Store.Samples.Should().Contain(s => s.Sample.Measurand == Measurand.PowerActiveImport && s.Sample.Value == 7400m);
    }

    [Fact]
    public async Task Sends_every_central_system_action_and_the_charger_obeys()
    {
        await _cp.BootAsync();
        await _configured.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var client = _cs.Client("SIM-1");

        (await client.RemoteStartTransactionAsync(new RemoteStartTransactionRequest { IdTag = "TAG-R", ConnectorId = 1 }))
            .Status.Should().Be(AcceptanceStatus.Accepted);
        await WaitUntil(() => _cp.TransactionIdOn(1) is not null);
        var transactionId = _cp.TransactionIdOn(1)!.Value;

        var txProfile = new ChargingProfile
        {
            ChargingProfileId = 7,
            TransactionId = transactionId,
            StackLevel = 1,
            ChargingProfilePurpose = ChargingProfilePurposeType.TxProfile,
            ChargingProfileKind = ChargingProfileKindType.Absolute,
            ValidFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
            ValidTo = DateTimeOffset.UtcNow.AddHours(1),
            ChargingSchedule = new ChargingSchedule
            {
                ChargingRateUnit = ChargingRateUnitType.A,
                StartSchedule = DateTimeOffset.UtcNow.AddMinutes(-1),
                Duration = 3600,
                ChargingSchedulePeriod = [new ChargingSchedulePeriod { StartPeriod = 0, Limit = 6m }],
            },
        };
        (await client.SetChargingProfileAsync(new SetChargingProfileRequest { ConnectorId = 1, CsChargingProfiles = txProfile }))
            .Status.Should().Be(ChargingProfileStatus.Accepted);
        _cp.Connectors[0].DrawW.Should().BeApproximately(6 * 230 * 3, 0.1, "the car draws min(offered, its limit)");
        (await client.SetChargingProfileAsync(new SetChargingProfileRequest { ConnectorId = 2, CsChargingProfiles = txProfile with { TransactionId = null } }))
            .Status.Should().Be(ChargingProfileStatus.Rejected, "no transaction runs on connector 2");

        var composite = await client.GetCompositeScheduleAsync(new GetCompositeScheduleRequest { ConnectorId = 1, Duration = 600, ChargingRateUnit = ChargingRateUnitType.A });
        composite.Status.Should().Be(AcceptanceStatus.Accepted);
        composite.ChargingSchedule!.ChargingSchedulePeriod[0].Limit.Should().Be(6m);

        (await client.ClearChargingProfileAsync(new ClearChargingProfileRequest { Id = 7 })).Status.Should().Be(ClearChargingProfileStatus.Accepted);
        (await client.GetConfigurationAsync(new GetConfigurationRequest { Key = ["NoSuchKey"] })).UnknownKey.Should().Equal("NoSuchKey");
        (await client.ChangeConfigurationAsync(new ChangeConfigurationRequest { Key = "NumberOfConnectors", Value = "3" }))
            .Status.Should().Be(ConfigurationStatus.Rejected);
        (await client.TriggerMessageAsync(new TriggerMessageRequest { RequestedMessage = MessageTrigger.Heartbeat })).Status.Should().Be(TriggerMessageStatus.Accepted);
        (await client.ChangeAvailabilityAsync(new ChangeAvailabilityRequest { ConnectorId = 2, Type = AvailabilityType.Inoperative }))
            .Status.Should().Be(AvailabilityStatus.Accepted);
        (await client.UnlockConnectorAsync(new UnlockConnectorRequest { ConnectorId = 2 })).Status.Should().Be(UnlockStatus.Unlocked);
        (await client.DataTransferAsync(new DataTransferRequest { VendorId = "X" })).Status.Should().Be(DataTransferStatus.UnknownVendorId);
        (await client.RemoteStopTransactionAsync(new RemoteStopTransactionRequest { TransactionId = transactionId }))
            .Status.Should().Be(AcceptanceStatus.Accepted);
        await WaitUntil(() => _cs.Store.Transactions.Any(t => t.Stop is not null));
        (await client.ResetAsync(new ResetRequest { Type = ResetType.Soft })).Status.Should().Be(AcceptanceStatus.Accepted);
        await WaitUntil(() => _cs.Store.Boots.Count == 2);

        _cp.ReceivedActions.Should().Contain(["GetConfiguration", "ChangeConfiguration", "RemoteStartTransaction", "SetChargingProfile",
            "GetCompositeSchedule", "ClearChargingProfile", "TriggerMessage", "ChangeAvailability", "UnlockConnector", "DataTransfer",
            "RemoteStopTransaction", "Reset"]);
    }

    [Fact]
    public async Task Queues_transaction_messages_while_offline_and_replays_them_without_duplicates()
    {
        await _cp.BootAsync();
        await _configured.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await _cp.StartTransactionAsync(1, "TAG-1", new FixedLimitCar(11000));
        var transactionId = _cp.TransactionIdOn(1);

        await _cp.DropConnectionAsync();
        await _cp.SampleMeterValuesAsync();
        await _cp.StopTransactionAsync(1);
        await _cp.StartTransactionAsync(2, "TAG-2", new FixedLimitCar(11000));
        _cp.QueuedTransactionMessages.Should().Be(3);

        // The next start is stored, but the link breaks before its reply arrives: the charger must replay it.
        _cs.Store.AfterStartStored = () => _cp.DropConnectionAsync();
        await _cp.ConnectAsync();
        await _cp.FlushAsync();
        _cp.QueuedTransactionMessages.Should().BeGreaterThan(0, "the start's reply was lost");
        await _cp.ConnectAsync();
        await _cp.FlushAsync();

        _cp.QueuedTransactionMessages.Should().Be(0);
        _cs.Store.Transactions.Should().HaveCount(2, "the replayed start got its first id back");
        _cs.Store.Transactions.Single(t => t.TransactionId == transactionId).Stop.Should().NotBeNull();
        _cs.Store.Samples.Where(s => s.Sample.Measurand == Measurand.EnergyActiveImportRegister).Should().HaveCount(1);
        _cp.TransactionIdOn(2).Should().Be(_cs.Store.Transactions.Single(t => t.Start.ConnectorId == 2).TransactionId);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 30 s");
            await Task.Delay(10);
        }
    }
}
