using OliMove.Edge.Testing;
using OliMove.Edge.Upstream;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Upstream;

/// <summary>
/// The edge as a local controller between simulated chargers (real OCPP over real WebSockets) and an independent
/// OCPP implementation as the CPO's backend (npm ocpp-rpc, strict mode), which records every CALL it receives.
/// </summary>
public sealed class UpstreamLinkEndToEndTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-upstream-" + Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> _owned = [];

    public UpstreamLinkEndToEndTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Ten_chargers_appear_at_the_backend_under_their_own_ids_with_the_backends_transaction_ids()
    {
        var backend = await Backend();
        var host = await Edge(backend);
        var chargers = new List<SimulatedChargePoint>();
        for (var i = 1; i <= 10; i++)
        {
            var cp = Charger(host, $"OLI-DEMO-{i:00}");
            await cp.ConnectAsync();
            (await cp.BootAsync()).Status.Should().Be(RegistrationStatus.Accepted);
            chargers.Add(cp);
        }
        await Poll.UntilAsync(() => chargers.All(c => host.Get<UpstreamLinks>().StateOf(c.ChargePointId) is { Connected: true }), "every charger's upstream link is up");

        foreach (var cp in chargers)
        {
            await cp.StatusAsync(1, ChargePointStatus.Preparing);
            await cp.StartTransactionAsync(1, "TAG-" + cp.ChargePointId, new FixedLimitCar(11_000));
            await cp.SampleMeterValuesAsync();
        }
        foreach (var cp in chargers)
        {
            await cp.StopTransactionAsync(1);
        }
        await Poll.UntilAsync(() => backend.Received().Count(c => c.Action == "StopTransaction") == 10, "the backend saw ten stops");

        var received = backend.Received();
        foreach (var cp in chargers)
        {
            var own = received.Where(c => c.Identity == cp.ChargePointId).ToList();
            own.Select(c => c.Action).Should().Contain(["BootNotification", "StatusNotification", "StartTransaction", "MeterValues", "StopTransaction"]);
            var start = own.Single(c => c.Action == "StartTransaction");
            start.Params["idTag"]!.GetValue<string>().Should().Be("TAG-" + cp.ChargePointId);
            var backendId = start.Reply!["transactionId"]!.GetValue<int>();
            backendId.Should().BeGreaterThanOrEqualTo(100_000);
            own.Single(c => c.Action == "StopTransaction").Params["transactionId"]!.GetValue<int>().Should().Be(backendId);
            own.Where(c => c.Action == "MeterValues" && c.Params["transactionId"] is not null)
                .Should().NotBeEmpty().And.OnlyContain(c => c.Params["transactionId"]!.GetValue<int>() == backendId);
            own.First().Action.Should().Be("BootNotification");
        }
        // The edge keeps its own ids behind the mapping: each of its transactions is linked to the backend's id.
        var map = host.Get<UpstreamTransactionRepository>();
        foreach (var start in received.Where(c => c.Action == "StartTransaction"))
        {
            var link = await map.FindByBackendIdAsync(start.Identity, start.Reply!["transactionId"]!.GetValue<int>());
            link.Should().NotBeNull();
            link!.ChargerFacingId.Should().Be(link.BackendTransactionId);
            (await host.Get<TransactionRepository>().GetAsync(link.TransactionId))!.StoppedAt.Should().NotBeNull();
        }
    }

    [Fact]
    public async Task A_charger_speaks_the_backends_transaction_id_and_holds_the_edges_TxProfile_under_it()
    {
        var backend = await Backend();
        var host = await Edge(backend);
        var cp = Charger(host, "OLI-DEMO-03");
        await cp.ConnectAsync();
        await cp.BootAsync();
        await Poll.UntilAsync(() => host.Get<UpstreamLinks>().StateOf(cp.ChargePointId) is { Connected: true }, "the upstream link is up");

        await cp.StartTransactionAsync(1, "TAG-0001", new FixedLimitCar(11_000));

        var backendId = backend.Received().Single(c => c.Action == "StartTransaction").Reply!["transactionId"]!.GetValue<int>();
        cp.TransactionIdOn(1).Should().Be(backendId);
        await Poll.UntilAsync(() => cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile), "the edge's TxProfile is installed");
        cp.Profiles.Profiles.Single(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile).Profile.TransactionId.Should().Be(backendId);
    }

    [Fact]
    public async Task The_backends_remote_commands_reach_the_right_charger_and_their_answers_come_back()
    {
        var backend = await Backend();
        var host = await Edge(backend);
        var one = Charger(host, "OLI-DEMO-01");
        var two = Charger(host, "OLI-DEMO-02");
        foreach (var cp in new[] { one, two })
        {
            await cp.ConnectAsync();
            await cp.BootAsync();
        }
        await Poll.UntilAsync(() => host.Get<UpstreamLinks>().StateOf("OLI-DEMO-02") is { Connected: true } && host.Get<UpstreamLinks>().StateOf("OLI-DEMO-01") is { Connected: true }, "both links are up");

        (await backend.CallAsync("OLI-DEMO-02", "RemoteStartTransaction", new { connectorId = 1, idTag = "REMOTE-1" }))["status"]!.GetValue<string>().Should().Be("Accepted");
        await Poll.UntilAsync(() => two.TransactionIdOn(1) is not null, "the remote start started a transaction on OLI-DEMO-02");
        one.TransactionIdOn(1).Should().BeNull();
        var backendId = two.TransactionIdOn(1)!.Value;
        backend.Received().Should().Contain(c => c.Identity == "OLI-DEMO-02" && c.Action == "StartTransaction" && c.Reply!["transactionId"]!.GetValue<int>() == backendId);

        (await backend.CallAsync("OLI-DEMO-02", "RemoteStopTransaction", new { transactionId = backendId }))["status"]!.GetValue<string>().Should().Be("Accepted");
        await Poll.UntilAsync(() => backend.Received().Any(c => c.Identity == "OLI-DEMO-02" && c.Action == "StopTransaction"), "the remote stop reached the backend as a StopTransaction");
        backend.Received().Single(c => c.Action == "StopTransaction").Params["transactionId"]!.GetValue<int>().Should().Be(backendId);

        (await backend.CallAsync("OLI-DEMO-01", "ChangeConfiguration", new { key = "HeartbeatInterval", value = "123" }))["status"]!.GetValue<string>().Should().Be("Accepted");
        one.ConfigurationValue("HeartbeatInterval").Should().Be("123");
        two.ConfigurationValue("HeartbeatInterval").Should().NotBe("123");

        (await backend.CallAsync("OLI-DEMO-01", "TriggerMessage", new { requestedMessage = "Heartbeat" }))["status"]!.GetValue<string>().Should().Be("Accepted");
        await Poll.UntilAsync(() => backend.Received().Any(c => c.Identity == "OLI-DEMO-01" && c.Action == "Heartbeat"), "the triggered Heartbeat reached the backend");

        (await backend.CallAsync("OLI-DEMO-01", "Reset", new { type = "Soft" }))["status"]!.GetValue<string>().Should().Be("Accepted");
        one.ReceivedActions.Should().Contain("Reset");
        two.ReceivedActions.Should().NotContain("Reset");
    }

    [Fact]
    public async Task A_charger_that_leaves_takes_its_upstream_connection_with_it()
    {
        var backend = await Backend();
        var host = await Edge(backend);
        var cp = Charger(host, "OLI-DEMO-05");
        await cp.ConnectAsync();
        await cp.BootAsync();
        await Poll.UntilAsync(() => host.Get<UpstreamLinks>().StateOf(cp.ChargePointId) is { Connected: true }, "the upstream link is up");
        (await backend.ConnectedAsync()).Should().Contain("OLI-DEMO-05");

        await cp.DisconnectAsync();

        await Poll.UntilAsync(() => host.Get<UpstreamLinks>().StateOf(cp.ChargePointId) is { Connected: false }, "the link closes with the charger");
        var stillThere = true;
        for (var i = 0; i < 100 && stillThere; i++)
        {
            stillThere = (await backend.ConnectedAsync()).Contains("OLI-DEMO-05");
            await Task.Delay(100);
        }
        stillThere.Should().BeFalse("the backend sees the charger leave");
    }

    [Fact]
    public async Task After_two_simulated_hours_without_the_backend_it_receives_every_transaction_message_once_in_order()
    {
        var backend = await Backend();
        // Bounds far above the assertion below, so "did not wait on the backend" is told apart from a slow machine.
        var host = await Edge(backend, u =>
        {
            u.ReplyBoundSeconds = 60;
            u.CallTimeoutSeconds = 60;
        });
        var clock = new SteppedClock(TimeSpan.FromHours(-3));
        var chargers = new[] { Charger(host, "OLI-DEMO-01", clock), Charger(host, "OLI-DEMO-02", clock), Charger(host, "OLI-DEMO-03", clock) };
        foreach (var cp in chargers)
        {
            await cp.ConnectAsync();
            await cp.BootAsync();
        }
        await UntilLinksAsync(host, chargers, connected: true);
        await chargers[0].StartTransactionAsync(1, "TAG-A", new FixedLimitCar(11_000));
        var onlineId = chargers[0].TransactionIdOn(1)!.Value;
        onlineId.Should().BeGreaterThanOrEqualTo(100_000, "the backend answered in time: the charger speaks its id");

        await backend.StopAsync();
        await UntilLinksAsync(host, chargers, connected: false);
        var outage = System.Diagnostics.Stopwatch.StartNew();
        await chargers[1].StartTransactionAsync(1, "TAG-B", new FixedLimitCar(7_000));
        outage.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "a charger's reply does not wait on an absent backend (60 s bound)");
        await chargers[2].StartTransactionAsync(1, "TAG-C", new FixedLimitCar(11_000));
        for (var step = 0; step < 4; step++)
        {
            // Two simulated hours in half-hour steps: meter values of all three, one stop in the middle.
            clock.Advance(TimeSpan.FromMinutes(30));
            foreach (var cp in chargers)
            {
                await cp.SampleMeterValuesAsync();
            }
            if (step == 1)
            {
                await chargers[0].StopTransactionAsync(1);
            }
        }
        await chargers[1].StopTransactionAsync(1);
        chargers[1].TransactionIdOn(1).Should().BeNull();
        var queued = chargers.Sum(c => host.Get<UpstreamLinks>().StateOf(c.ChargePointId)!.QueuedMessages);
        queued.Should().Be(2 + (3 + 3 + 2 + 2) + 2, "starts B and C, the meter values of the running transactions, stops A and B");

        await backend.RestartAsync(firstTransactionId: 200_000);
        await Poll.UntilAsync(() => chargers.All(c => host.Get<UpstreamLinks>().StateOf(c.ChargePointId) is { Connected: true, QueuedMessages: 0 }), "the backlog is delivered", seconds: 90);
        await chargers[2].StopTransactionAsync(1);
        await Poll.UntilAsync(() => backend.Received().Count(c => c.Action == "StopTransaction") == 3, "the live stop arrives too");

        var received = backend.Received().Where(c => c.Action is "StartTransaction" or "StopTransaction" or "MeterValues").ToList();
        foreach (var cp in chargers)
        {
            var own = received.Where(c => c.Identity == cp.ChargePointId).ToList();
            own.Count(c => c.Action == "StartTransaction").Should().Be(1, "exactly once");
            own.Count(c => c.Action == "StopTransaction").Should().Be(1, "exactly once");
            own.First().Action.Should().Be("StartTransaction");
            own.Last().Action.Should().Be("StopTransaction");
            var backendId = own[0].Reply!["transactionId"]!.GetValue<int>();
            own.Skip(1).Should().OnlyContain(c => c.Params["transactionId"]!.GetValue<int>() == backendId, "every message of the session names the backend's id");
            var times = own.Select(c => c.Action == "MeterValues"
                ? DateTimeOffset.Parse(c.Params["meterValue"]![0]!["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                : DateTimeOffset.Parse(c.Params["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            times.Should().BeInAscendingOrder("in order, with the charger's own timestamps");
            own.Where(c => c.Action == "MeterValues").Select(c => c.Params["meterValue"]![0]!["timestamp"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
        }
        // Started offline, B and C kept the edge's ids at the charger; the backend's ids were mapped on delivery.
        var map = host.Get<UpstreamTransactionRepository>();
        var b = received.Single(c => c.Identity == "OLI-DEMO-02" && c.Action == "StartTransaction");
        var link = await map.FindByBackendIdAsync("OLI-DEMO-02", b.Reply!["transactionId"]!.GetValue<int>());
        link!.BackendTransactionId.Should().BeGreaterThanOrEqualTo(200_000);
        link.ChargerFacingId.Should().Be((int)link.TransactionId);
    }

    [Fact]
    public async Task While_the_backend_is_away_its_cached_verdicts_answer_and_unknown_tags_get_the_policy()
    {
        var backend = await Backend();
        var host = await Edge(backend, u => u.UnknownIdTagsOffline = "Reject");
        var cp = Charger(host, "OLI-DEMO-08");
        await cp.ConnectAsync();
        await cp.BootAsync();
        await UntilLinksAsync(host, [cp], connected: true);
        (await cp.AuthorizeAsync("TAG-KNOWN")).Status.Should().Be(AuthorizationStatus.Accepted, "the backend's verdict");
        (await cp.AuthorizeAsync("BLOCKED-1")).Status.Should().Be(AuthorizationStatus.Blocked, "the backend's verdict, not the edge's");

        await backend.StopAsync();
        await UntilLinksAsync(host, [cp], connected: false);

        (await cp.AuthorizeAsync("TAG-KNOWN")).Status.Should().Be(AuthorizationStatus.Accepted, "OCPP 1.6 §3.5: the authorization cache");
        (await cp.AuthorizeAsync("BLOCKED-1")).Status.Should().Be(AuthorizationStatus.Blocked, "a cached Blocked stays blocked");
        (await cp.AuthorizeAsync("TAG-NEVER-SEEN")).Status.Should().Be(AuthorizationStatus.Invalid, "Upstream.UnknownIdTagsOffline = Reject");
    }

    [Theory]
    [InlineData("callerror")]
    [InlineData("silent")]
    [InlineData("invalid")]
    public async Task A_bad_backend_does_not_stop_a_charger_from_charging_and_is_counted(string mode)
    {
        var backend = await Backend(mode);
        var host = await Edge(backend, u =>
        {
            u.CallTimeoutSeconds = 1;
            u.ReplyBoundSeconds = 0.5;
            u.UnknownIdTagsOffline = "Reject";
        });
        var cp = Charger(host, "OLI-DEMO-04");
        await cp.ConnectAsync();
        await cp.BootAsync();
        await UntilLinksAsync(host, [cp], connected: true);

        var timer = System.Diagnostics.Stopwatch.StartNew();
        (await cp.AuthorizeAsync("TAG-0001")).Status.Should().Be(AuthorizationStatus.Invalid, "unknown offline: the configured policy (Reject)");
        await cp.StartTransactionAsync(1, "TAG-0001", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await cp.HeartbeatAsync();
        timer.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "no reply hangs on the bad backend: each waits at most its bound");
        cp.TransactionIdOn(1).Should().NotBeNull("the charger got an id and charges");
        cp.QueuedTransactionMessages.Should().Be(0, "the edge answered everything");
        var stored = await host.Get<TransactionRepository>().GetAsync(cp.TransactionIdOn(1)!.Value);
        stored!.ChargePointId.Should().Be("OLI-DEMO-04");

        var view = await host.Get<OliMove.Edge.Api.SiteStatusReader>().ChargePointAsync("OLI-DEMO-04", CancellationToken.None);
        var upstream = view!.Upstream!;
        upstream.Connected.Should().BeTrue();
        upstream.QueuedMessages.Should().BeGreaterThan(0, "the start and meter values are kept for the backend");
        (mode switch
        {
            "callerror" => upstream.CallErrors,
            "silent" => upstream.Timeouts,
            _ => upstream.InvalidPayloads,
        }).Should().BeGreaterThan(0);
        host.ErrorLog.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task An_opted_out_charger_stays_off_the_upstream_link()
    {
        var backend = await Backend();
        var yaml = (await File.ReadAllTextAsync(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "demo.yaml")))
            .Replace("- chargePointId: OLI-DEMO-06\n", "- chargePointId: OLI-DEMO-06\n    upstream: false\n", StringComparison.Ordinal);
        yaml.Should().Contain("upstream: false");
        var host = await Edge(backend, siteMapYaml: yaml);
        var opted = Charger(host, "OLI-DEMO-06");
        var linked = Charger(host, "OLI-DEMO-07");
        foreach (var cp in new[] { opted, linked })
        {
            await cp.ConnectAsync();
            await cp.BootAsync();
        }
        await UntilLinksAsync(host, [linked], connected: true);
        await opted.StartTransactionAsync(1, "TAG-0001", new FixedLimitCar(11_000));

        host.Get<UpstreamLinks>().StateOf("OLI-DEMO-06").Should().BeNull();
        opted.TransactionIdOn(1).Should().BeLessThan(100_000, "the edge's own id");
        backend.Received().Should().NotContain(c => c.Identity == "OLI-DEMO-06");
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), not IAsyncDisposable: as an
    // IAsyncDisposable this class left each test's Node backend running and its folder behind.
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<RecordingBackend> Backend(string mode = "normal")
    {
        var backend = await RecordingBackend.StartAsync(Path.Combine(_directory, "backend.jsonl"), mode: mode);
        _owned.Add(backend);
        return backend;
    }

    private static Task UntilLinksAsync(EdgeTestHost host, IEnumerable<SimulatedChargePoint> chargers, bool connected) =>
        Poll.UntilAsync(() => chargers.All(c => host.Get<UpstreamLinks>().StateOf(c.ChargePointId)?.Connected == connected),
            connected ? "the upstream links are up" : "the upstream links are down", seconds: 30);

    private async Task<EdgeTestHost> Edge(RecordingBackend backend, Action<UpstreamOptions>? configure = null, string? siteMapYaml = null)
    {
        var host = await EdgeTestHost.StartAsync(siteMapYaml: siteMapYaml, configure: o =>
        {
            o.Upstream.Url = backend.Url.ToString();
            o.Upstream.ReplyBoundSeconds = 5;
            o.Upstream.ReconnectMinSeconds = 0.2;
            o.Upstream.ReconnectMaxSeconds = 1;
            o.Upstream.CallTimeoutSeconds = 5;
            configure?.Invoke(o.Upstream);
        });
        _owned.Add(host);
        return host;
    }

    private SimulatedChargePoint Charger(EdgeTestHost host, string id, TimeProvider? clock = null)
    {
        var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{id}",
            CallTimeout = TimeSpan.FromSeconds(10),
        }, clock);
        _owned.Add(cp);
        return cp;
    }
}
