using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// Fifty chargers lose the controller for two hours, run a whole session each on their own (start, four meter
/// samples, stop, all queued in the simulator's offline queue) and replay the backlog when they reconnect, all at
/// once: every message is stored in its own time, no session stays open, and nothing is planned for them.
/// </summary>
public class OutageBacklogTests
{
    [Fact]
    public async Task Fifty_chargers_replaying_a_queued_session_after_an_outage_leave_every_session_stored_and_closed()
    {
        const int Cabinets = 5;
        const int PerCabinet = 10;
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(Cabinets, PerCabinet, 110_000));
        var outageStart = FieldSite.Ms(DateTimeOffset.UtcNow.AddHours(-2));
        var fleet = FieldSite.Ids(Cabinets, PerCabinet).Select(id =>
        {
            var clock = new FakeTimeProvider(outageStart);
            var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
            {
                ChargePointId = id,
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = $"demo-key-{id}",
                AllowedChargingRateUnits = "Power",
                CallTimeout = TimeSpan.FromSeconds(20),
            }, clock);
            return (Id: id, Clock: clock, Cp: cp);
        }).ToList();

        try
        {
            foreach (var (id, clock, cp) in fleet)
            {
                await cp.StartTransactionAsync(1, $"TAG-{id}", new FixedLimitCar(11_000));
                for (var sample = 0; sample < 4; sample++)
                {
                    clock.Advance(TimeSpan.FromMinutes(15));
                    await cp.SampleMeterValuesAsync();
                }

                clock.Advance(TimeSpan.FromMinutes(5));
                await cp.StopTransactionAsync(1);
                cp.QueuedTransactionMessages.Should().Be(6, "start, four samples and the stop wait for the controller");
            }

            await Task.WhenAll(fleet.Select(async f =>
            {
                await f.Cp.ConnectAsync();
                await f.Cp.BootAsync();
                await f.Cp.FlushAsync();
            }));

            fleet.Should().OnlyContain(f => f.Cp.QueuedTransactionMessages == 0);
            var transactions = host.Get<TransactionRepository>();
            var meterValues = host.Get<MeterValueRepository>();
            (await transactions.ListActiveAsync()).Should().BeEmpty("every replayed session was stopped");
            foreach (var (id, _, _) in fleet)
            {
                var stored = (await transactions.ListByIdTagAsync($"TAG-{id}", 10)).Should().ContainSingle().Subject;
                stored.ChargePointId.Should().Be(id);
                stored.StartedAt.Should().Be(outageStart, "a queued start is stored in its own time");
                stored.StoppedAt.Should().Be(outageStart.AddMinutes(65));
                stored.MeterStopWh.Should().BeInRange(11_000, 12_000, "65 minutes at 11 kW");
                var register = (await meterValues.ListForTransactionAsync(stored.Id)).Where(s => s.Measurand == MeterValueRepository.EnergyRegisterMeasurand).ToList();
                register.Select(s => s.Timestamp).Should().Equal(Enumerable.Range(1, 4).Select(i => outageStart.AddMinutes(15 * i)));
                host.Get<LiveSiteState>().Connector(id, 1).TransactionId.Should().BeNull();
            }

            var board = host.Get<PlanBoard>();
            await Poll.UntilAsync(
                () => Enumerable.Range(1, Cabinets).All(c => board.Get(FieldSite.Cabinet(c)) is { } p && p.Plan.Sessions.Count == 0 && p.Snapshot.Sessions.Count == 0),
                "no group plans anything for the closed sessions");
        }
        finally
        {
            foreach (var f in fleet)
            {
                await f.Cp.DisposeAsync();
            }
        }
    }
}
