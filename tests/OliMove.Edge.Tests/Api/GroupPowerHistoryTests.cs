using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Api;
using OliMove.Edge.Api.Views;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.SiteMap;

namespace OliMove.Edge.Tests.Api;

/// <summary>
/// The cockpit's measured-power history per group (unit level, on a fake clock; the cockpit reads it over HTTP in the
/// Web tests). A change takes the group's sum at most once per <see cref="GroupPowerHistory.SampleEvery"/> (decision
/// 0372), and a read always shows the latest sum.
/// </summary>
public sealed class GroupPowerHistoryTests : IAsyncLifetime
{
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 200
        circuits:
          - id: cabinet
            limitA: 100
        chargePoints:
          - chargePointId: CP-1
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
              - { connectorId: 2, evseId: E2, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
          - chargePointId: CP-2
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E3, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 5, 0, TimeSpan.Zero));
    private readonly LiveSiteState _live = new();
    private readonly SiteState _site;
    private readonly GroupPowerHistory _history;

    public GroupPowerHistoryTests()
    {
        var loaded = SiteMapLoader.LoadString(Site);
        loaded.Errors.Should().BeEmpty();
        _site = new SiteState(loaded);
        _history = new GroupPowerHistory(_site, _live, _clock);
    }

    private string GroupId => _site.Topology.Groups.Single().Id;

    public Task InitializeAsync() => _history.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => _history.StopAsync(CancellationToken.None);

    private void Measure(string chargePointId, int connectorId, long watts) =>
        _live.UpdateConnector(chargePointId, connectorId, c => c with { MeasuredW = watts, MeasuredAt = _clock.GetUtcNow() });

    [Fact]
    public void A_point_is_the_sum_of_the_groups_connectors()
    {
        Measure("CP-1", 1, 7_000);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Measure("CP-1", 2, 4_000);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Measure("CP-2", 1, 11_000);

        // The window's first point stays, its last is replaced by the latest sum.
        _history.Measured(GroupId).Select(p => p.W).Should().Equal(7_000, 22_000);
    }

    [Fact]
    public void Changes_faster_than_the_sampling_are_shown_on_the_next_read()
    {
        Measure("CP-1", 1, 7_000);
        var first = _clock.GetUtcNow();
        // Within the same second: the sum is not taken again on the change...
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Measure("CP-1", 2, 4_000);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Measure("CP-2", 1, 11_000);

        // ... but a read takes it, so the cockpit sees the latest state.
        _history.Measured(GroupId).Should().Equal(
            new PowerPoint(first, 7_000),
            new PowerPoint(first.AddMilliseconds(600), 22_000));
        // A second read with no change in between takes nothing new.
        _history.Measured(GroupId).Should().HaveCount(2);
    }

    [Fact]
    public void Keeps_at_most_one_point_per_resolution_the_latest()
    {
        var start = _clock.GetUtcNow();
        for (var second = 0; second < 25; second++)
        {
            Measure("CP-1", 1, 1_000 * (second + 1));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        // A point is replaced by a later one while both it and the point before are under 10 s old, so a window's
        // first point stays and its last one moves with the latest sum.
        _history.Measured(GroupId).Should().Equal(
            new PowerPoint(start, 1_000),
            new PowerPoint(start.AddSeconds(9), 10_000),
            new PowerPoint(start.AddSeconds(18), 19_000),
            new PowerPoint(start.AddSeconds(24), 25_000));
    }

    [Fact]
    public void Forgets_points_older_than_a_day()
    {
        Measure("CP-1", 1, 5_000);
        _clock.Advance(TimeSpan.FromHours(25));
        Measure("CP-1", 1, 6_000);

        _history.Measured(GroupId).Select(p => p.W).Should().Equal(6_000);
    }

    [Fact]
    public async Task Concurrent_changes_lose_no_update_and_the_read_shows_the_final_sum()
    {
        // Many connection tasks report at once (as 1,000 chargers do): whichever change takes the sum, the read after
        // the last change shows every connector's last reading.
        await Task.WhenAll(Enumerable.Range(1, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 1; i <= 500; i++)
            {
                Measure(worker % 2 == 0 ? "CP-1" : "CP-2", worker % 2 == 0 ? 1 + worker / 2 % 2 : 1, i);
            }
        })));

        _history.Measured(GroupId)[^1].W.Should().Be(1_500);
    }
}
