using OliMove.Edge.Hosting;
using OliMove.Edge.Prices;
using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Prices;

/// <summary>The expected peak (decision 0320): the group's peak in the previous billing month, from a real SQLite file.</summary>
public class ExpectedPeakTests
{
    [Fact]
    public async Task The_expected_peak_is_the_previous_months_highest_quarter_and_nothing_of_this_month_or_before()
    {
        string tariff = Path.Combine(EdgeTestHost.RepoRoot(), "data", "tariffs", "sce-tou-ev-4-2019-03.json");
        await using var host = await EdgeTestHost.StartAsync(configure: o => o.Prices.Tariff = tariff);
        using (var http = new HttpClient())
        {
            (await host.Get<EnergySignalSource>().RefreshAsync(http, CancellationToken.None)).Should().BeEmpty();
        }

        var group = host.Get<SiteState>().Topology.Groups.Single(g => g.Id == "cabinet-a");
        string cp = group.ChargePoints[0].ChargePointId;
        MeterSample Register(string at, double wh) =>
            new(cp, 1, null, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", wh, "Wh");
        await host.Get<MeterValueRepository>().AddAsync(
        [
            Register("2026-02-10T18:00:00Z", 0), Register("2026-02-10T18:15:00Z", 20_000),   // February: 80 kW, not last month
            Register("2026-03-16T18:00:00Z", 21_000), Register("2026-03-16T18:15:00Z", 24_000), // March: 3 kWh in a quarter = 12 kW
            Register("2026-03-17T18:00:00Z", 25_000), Register("2026-03-17T18:15:00Z", 26_000), // 4 kW
            Register("2026-04-02T18:00:00Z", 30_000), Register("2026-04-02T18:15:00Z", 40_000), // April: this month, 40 kW
        ]);

        // 10 April 2026 in Pasadena: the billing month is April (local), the previous one March.
        long expected = await host.Get<BillingPeakSource>().PreviousPeriodPeakWAsync(group, new DateTimeOffset(2026, 4, 10, 19, 0, 0, TimeSpan.Zero), CancellationToken.None);

        expected.Should().Be(12_000);
    }
}
