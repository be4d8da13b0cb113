using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Scheduling;
using OliMove.SiteMap;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Dispatch;

/// <summary>
/// Dispatch planning against a fake port, on the demo site's cabinet B (OLI-DEMO-08, -09, -10, one connector each)
/// and a real, empty SQLite file for the backend's limits. The real OCPP path is covered by the integration tests
/// (ChargePointIntegrationTests, ChargersThatRefuseTests, SiteMapReloadDispatchTests, ControllerOutageTests).
/// </summary>
public sealed class PlanDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset SlotStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-plan-dispatcher-" + Guid.NewGuid().ToString("N"));
    private readonly SiteState _site = new(SiteMapLoader.LoadString(File.ReadAllText(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "demo.yaml"))));
    private readonly LiveSiteState _live = new();
    private readonly FakeChargerPowerLimits _chargers = new();
    private EdgeDatabase? _db;
    private PlanDispatcher _dispatcher = null!;

    private ChargingGroup CabinetB => _site.Topology.Groups.Single(g => g.Id == "cabinet-b");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _db = await EdgeDatabase.OpenAsync(Path.Combine(_directory, "edge.db"));
        var time = new FakeTimeProvider(SlotStart.AddSeconds(20));
        var backend = new BackendLimitSource(_site, new BackendProfileStore(new BackendChargingProfileRepository(_db), time));
        _dispatcher = new PlanDispatcher(_site, _live, _chargers, new CappedFailSafeShares(_site, backend), new DispatchSettings(FullPlanSlots: 2), time);
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Sends_the_lowerings_and_waits_for_their_answers_before_it_sends_any_raise()
    {
        _chargers.Hold(new TransactionPowerLimit("OLI-DEMO-08", 1, SlotStart, Slot, [11_000, 11_000], 41));
        var answers = _chargers.HoldAnswers("OLI-DEMO-08");

        var dispatch = _dispatcher.DispatchAsync(Plan(Session(41, "OLI-DEMO-08", [4_000, 4_000]), Session(42, "OLI-DEMO-09", [11_000, 11_000])), CancellationToken.None);
        await Poll.UntilAsync(() => _chargers.Log.Contains("start OLI-DEMO-08/1"), "the lowering is sent");
        _chargers.Log.Should().NotContain("start OLI-DEMO-09/1", "a raise waits while a lowering is unanswered");
        answers.SetResult();
        await dispatch;

        _chargers.Log.Should().Equal("start OLI-DEMO-08/1", "end OLI-DEMO-08/1", "start OLI-DEMO-09/1", "end OLI-DEMO-09/1");
    }

    [Fact]
    public async Task Sends_only_the_limits_the_port_reports_as_changed()
    {
        var plan = Plan(Session(41, "OLI-DEMO-08", [4_000, 4_000]));
        await _dispatcher.DispatchAsync(plan, CancellationToken.None);

        await _dispatcher.DispatchAsync(plan, CancellationToken.None);

        _chargers.Log.Should().Equal("start OLI-DEMO-08/1", "end OLI-DEMO-08/1");
    }

    [Fact]
    public async Task Caps_a_transactions_limit_at_the_fail_safe_share_after_the_full_plan_slots()
    {
        var share = Share("OLI-DEMO-08");
        long over = share + 5_000;

        await _dispatcher.DispatchAsync(Plan(Session(41, "OLI-DEMO-08", [over, over, over, over, share / 2])), CancellationToken.None);

        // The current and the next slot keep the plan (the next boundary's limit replaces it); then the share.
        var limit = _chargers.Asked.OfType<TransactionPowerLimit>().Should().ContainSingle().Subject;
        limit.Should().BeEquivalentTo(new { ChargePointId = "OLI-DEMO-08", ConnectorId = 1, TransactionId = 41, Start = SlotStart, SlotLength = Slot });
        limit.SlotW.Should().Equal(over, over, share, share, share / 2);
    }

    [Fact]
    public async Task Sends_nothing_for_a_prospective_session_or_a_charger_not_in_the_site_map()
    {
        var whatIf = new SessionPlan("req-7", "OLI-DEMO-08/1", 4_000, [4_000], null, 1_000, SessionStatus.OnTrack);

        await _dispatcher.DispatchAsync(Plan(whatIf, Session(43, "OLI-GONE-01", [4_000])), CancellationToken.None);

        _chargers.Asked.Should().BeEmpty();
        _live.Connector("OLI-GONE-01", 1).SetpointW.Should().BeNull();
    }

    [Fact]
    public async Task Gives_every_connector_of_a_connected_charger_its_window_fail_safe_and_none_to_an_offline_one()
    {
        _chargers.Connected.UnionWith(["OLI-DEMO-08", "OLI-DEMO-09"]);
        IReadOnlyList<long> planned = [50_000, 20_000];

        await _dispatcher.DispatchAsync(Plan(Session(41, "OLI-DEMO-08", planned)), CancellationToken.None);

        var windows = WindowDefaultsCalculator.Calculate(_site.Topology, CabinetB, new Dictionary<(string, int), IReadOnlyList<long>> { [("OLI-DEMO-08", 1)] = planned }, 2);
        var failSafes = _chargers.Asked.OfType<FailSafePowerLimit>().ToList();
        failSafes.Select(f => f.ChargePointId).Should().Equal(["OLI-DEMO-08", "OLI-DEMO-09"], "OLI-DEMO-10 is offline: it gets its fail-safe when it connects");
        foreach (var failSafe in failSafes)
        {
            var share = Share(failSafe.ChargePointId);
            failSafe.Start.Should().Be(SlotStart);
            failSafe.SlotW.Should().Equal(windows[(failSafe.ChargePointId, 1)].Select(w => Math.Min(w, share)));
            failSafe.ThenW.Should().Be(share);
        }

        failSafes[1].SlotW[0].Should().BeLessThan(Share("OLI-DEMO-09"), "the car above its share takes it from its idle neighbour's default");
    }

    [Fact]
    public async Task Shows_the_setpoint_and_each_problem_where_it_belongs()
    {
        _chargers.Connected.Add("OLI-DEMO-08");
        _chargers.Problems["OLI-DEMO-08"] = "profile Rejected";

        await _dispatcher.DispatchAsync(Plan(Session(41, "OLI-DEMO-08", [4_000, 4_000]) with { SetpointW = 4_000 }), CancellationToken.None);

        _live.Connector("OLI-DEMO-08", 1).SetpointW.Should().Be(4_000);
        _live.Connector("OLI-DEMO-08", 1).ProfileProblem.Should().Be("profile Rejected", "a transaction's limit is the connector's");
        _live.ChargePoint("OLI-DEMO-08").FailSafeProblem.Should().Be("connector 1: profile Rejected", "a fail-safe is the charger's");
    }

    private static GroupPlan Plan(params SessionPlan[] sessions) =>
        new("cabinet-b", SlotStart, (int)Slot.TotalSeconds, 96, sessions, []);

    private static SessionPlan Session(int transactionId, string chargePointId, IReadOnlyList<long> powerW) =>
        new($"tx-{transactionId}", $"{chargePointId}/1", powerW[0], powerW, null, 0, SessionStatus.OnTrack);

    private long Share(string chargePointId) =>
        FailSafeShareCalculator.Calculate(_site.Topology, CabinetB).Single(s => s.ChargePointId == chargePointId).PowerW;
}
