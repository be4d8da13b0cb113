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
public sealed class UpstreamLinkEndToEndTests : IAsyncDisposable
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

    public async ValueTask DisposeAsync()
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

    private async Task<EdgeTestHost> Edge(RecordingBackend backend, Action<UpstreamOptions>? configure = null)
    {
        var host = await EdgeTestHost.StartAsync(configure: o =>
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

    private SimulatedChargePoint Charger(EdgeTestHost host, string id)
    {
        var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{id}",
            CallTimeout = TimeSpan.FromSeconds(10),
        });
        _owned.Add(cp);
        return cp;
    }
}
