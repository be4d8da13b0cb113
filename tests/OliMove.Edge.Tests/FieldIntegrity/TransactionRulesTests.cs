using System.Text.Json.Nodes;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// The transaction rules of OCPP 1.6 (§4.8 StartTransaction, §4.10 StopTransaction, the queued-message rules of
/// §3.5) as firmware exercises them, with raw frames over a real socket to the real service and a real SQLite file.
/// One cabinet of 22 kW for four 11 kW chargers: each one's fail-safe share is 5.5 kW.
/// </summary>
public class TransactionRulesTests
{
    private const string Group = "cabinet-01";

    private static Task<EdgeTestHost> StartAsync(Action<OliMove.Edge.Configuration.EdgeOptions>? configure = null) =>
        EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 4, 22_000), configure: o =>
        {
            FieldSite.AllowViewer(o);
            configure?.Invoke(o);
        });

    [Fact]
    public async Task A_replayed_StartTransaction_then_a_stop_leaves_no_session_open_and_nothing_planned()
    {
        await using var host = await StartAsync();
        using var viewer = FieldSite.Viewer(host);
        var id = FieldSite.Id(1, 1);
        await using var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await cp.BootAsync();
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);

        var first = (await cp.StartAsync(1, "TAG-REPLAY", 1_000, at))["transactionId"]!.GetValue<int>();
        // The reply was lost: the firmware sends the very same request again.
        var second = (await cp.StartAsync(1, "TAG-REPLAY", 1_000, at))["transactionId"]!.GetValue<int>();

        second.Should().Be(first);
        (await host.Get<TransactionRepository>().ListActiveAsync()).Select(t => t.Id).Should().Equal(first);
        await Poll.UntilAsync(() => FieldSite.GroupAsync(viewer, Group).GetAwaiter().GetResult().PlannedW > 0, "the session is planned");

        await cp.StopAsync(first, 9_000, DateTimeOffset.UtcNow, "TAG-REPLAY");

        (await host.Get<TransactionRepository>().ListActiveAsync()).Should().BeEmpty("the one transaction is stopped");
        await Poll.UntilAsync(() => FieldSite.GroupAsync(viewer, Group).GetAwaiter().GetResult().PlannedW == 0, "nothing is planned for the stopped session");
        var view = await FieldSite.ChargePointAsync(viewer, id);
        view.GetProperty("connectors")[0].GetProperty("transactionId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        host.Get<LiveSiteState>().Connector(id, 1).TransactionId.Should().BeNull();
    }

    [Fact]
    public async Task A_start_on_a_connector_with_an_open_transaction_closes_that_one_at_its_last_reading()
    {
        await using var host = await StartAsync();
        using var viewer = FieldSite.Viewer(host);
        var id = FieldSite.Id(1, 2);
        await using var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await cp.BootAsync();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var lost = (await cp.StartAsync(1, "TAG-FIRST", 1_000, t0))["transactionId"]!.GetValue<int>();
        await cp.MeterValuesAsync(1, lost, t0.AddMinutes(10), 2_800, 11_000);
        await cp.MeterValuesAsync(1, lost, t0.AddMinutes(15), 3_500, 11_000);

        // Its StopTransaction was lost; the next driver plugs in.
        var next = (await cp.StartAsync(1, "TAG-NEXT", 3_600, t0.AddMinutes(20)))["transactionId"]!.GetValue<int>();

        next.Should().NotBe(lost);
        var repository = host.Get<TransactionRepository>();
        var closed = await repository.GetAsync(lost);
        closed!.StoppedAt.Should().Be(FieldSite.Ms(t0.AddMinutes(20)));
        closed.MeterStopWh.Should().Be(3_500, "its last meter reading is its stop value");
        closed.StopReason.Should().Be(TransactionRepository.SupersededReason);
        (await repository.ListActiveAsync()).Select(t => t.Id).Should().Equal(next);
        host.Get<LiveSiteState>().Connector(id, 1).TransactionId.Should().Be(next);
        await Poll.UntilAsync(() => host.Get<PlanBoard>().Get(Group)?.Plan.Sessions.Select(s => s.SessionId).SequenceEqual([$"tx-{next}"]) == true, "only the new session is planned");
        await Poll.UntilAsync(() => host.Get<SessionSettlementRepository>().GetAsync(lost).GetAwaiter().GetResult() is not null, "the superseded session is settled");

        // The late stop of the superseded transaction is answered and changes nothing.
        var reply = await cp.StopAsync(lost, 3_550, t0.AddMinutes(19), "TAG-FIRST");
        reply["idTagInfo"]!["status"]!.GetValue<string>().Should().Be("Accepted");
        (await repository.GetAsync(lost))!.MeterStopWh.Should().Be(3_500);
        (await repository.ListActiveAsync()).Select(t => t.Id).Should().Equal(next);
    }

    [Fact]
    public async Task A_stop_for_an_unknown_or_stopped_transaction_is_answered_changes_nothing_and_keeps_its_meter_values()
    {
        await using var host = await StartAsync();
        var id = FieldSite.Id(1, 3);
        await using var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await cp.BootAsync();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        var tx = (await cp.StartAsync(1, "TAG-STOP", 500, t0))["transactionId"]!.GetValue<int>();
        await cp.StopAsync(tx, 2_500, t0.AddMinutes(10), "TAG-STOP");
        var repository = host.Get<TransactionRepository>();
        var stopped = await repository.GetAsync(tx);

        var unknown = await cp.StopAsync(987_654, 7_000, t0.AddMinutes(11), "TAG-STOP",
            new JsonArray(RawChargePoint.MeterValue(t0.AddMinutes(11), 7_000, 0)));
        var again = await cp.StopAsync(tx, 2_600, t0.AddMinutes(12), "TAG-STOP",
            new JsonArray(RawChargePoint.MeterValue(t0.AddMinutes(12), 2_600, 0)));
        var withoutTag = await cp.StopAsync(-1, 7_100, t0.AddMinutes(13));

        // OCPP 1.6 §4.10: a stop cannot be refused; idTagInfo answers the idTag it names (none: no idTagInfo).
        unknown["idTagInfo"]!["status"]!.GetValue<string>().Should().Be("Accepted");
        again["idTagInfo"]!["status"]!.GetValue<string>().Should().Be("Accepted");
        withoutTag.ContainsKey("idTagInfo").Should().BeFalse();
        (await repository.GetAsync(tx)).Should().Be(stopped, "the first stop is kept unchanged");
        (await repository.GetAsync(987_654)).Should().BeNull();
        (await repository.ListActiveAsync()).Should().BeEmpty();
        var meterValues = host.Get<MeterValueRepository>();
        (await meterValues.ListForTransactionAsync(tx)).Should().Contain(s => s.Timestamp == FieldSite.Ms(t0.AddMinutes(12)) && s.Value == 2_600);
        (await meterValues.GetLatestAsync(id, 0, MeterValueRepository.EnergyRegisterMeasurand, null))!.Value.Should().Be(7_000, "the unknown transaction's samples are kept, without a transaction");
    }

    [Fact]
    public async Task Queued_readings_sent_late_are_stored_in_their_own_time_and_never_replace_a_newer_live_reading()
    {
        await using var host = await StartAsync();
        var id = FieldSite.Id(1, 4);
        await using var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await cp.BootAsync();
        var now = DateTimeOffset.UtcNow;
        var tx = (await cp.StartAsync(1, "TAG-LATE", 1_000, now.AddMinutes(-40)))["transactionId"]!.GetValue<int>();
        await cp.MeterValuesAsync(1, tx, now, 6_000, 7_000);

        // A reading from twenty minutes ago arrives now (it sat in the charger's queue).
        await cp.MeterValuesAsync(1, tx, now.AddMinutes(-20), 4_000, 11_000);
        // And a replayed start of the same transaction.
        await cp.StartAsync(1, "TAG-LATE", 1_000, now.AddMinutes(-40));

        var connector = host.Get<LiveSiteState>().Connector(id, 1);
        connector.TransactionId.Should().Be(tx);
        connector.EnergyRegisterWh.Should().Be(6_000);
        connector.MeasuredW.Should().Be(7_000);
        connector.MeasuredAt.Should().Be(FieldSite.Ms(now));
        var stored = await host.Get<MeterValueRepository>().ListForTransactionAsync(tx);
        stored.Should().Contain(s => s.Timestamp == FieldSite.Ms(now.AddMinutes(-20)) && s.Value == 4_000, "the late reading is stored in its own time");
    }
}
