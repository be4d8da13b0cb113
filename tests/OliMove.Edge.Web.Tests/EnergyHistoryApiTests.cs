using System.Net;
using OliMove.Edge.Api;

namespace OliMove.Edge.WebTests;

/// <summary>/api/v1/history/energy: quarter energy and peaks per group and site, from the stored meter values.</summary>
public class EnergyHistoryApiTests
{
    internal static async Task SeedAsync(WebTestSite site)
    {
        var t0 = SessionHistorySeed.Morning; // 07:00Z = 08:00 in Berlin
        // cabinet-a: 8 kWh over 07:00–08:00Z, 2 kWh a quarter (8 kW mean).
        await SessionHistorySeed.SessionAsync(site.Host, "OLI-DEMO-01", "TAG-A", t0, TimeSpan.FromHours(1), 8_000);
        // cabinet-b: 3 kWh over 07:30–08:00Z, 1.5 kWh a quarter (6 kW mean).
        await SessionHistorySeed.SessionAsync(site.Host, "OLI-DEMO-08", "TAG-B", t0.AddMinutes(30), TimeSpan.FromMinutes(30), 3_000);
    }

    [Fact]
    public async Task A_day_on_the_site_calendar_has_96_quarters_with_the_energy_of_each_and_the_peak_against_the_limit()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        await SeedAsync(site);

        var (response, body) = await site.GetAsync("/api/v1/history/energy?period=day&date=2026-12-01", WebTestSite.ViewerToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        body.GetProperty("timeZone").GetString().Should().Be("Europe/Berlin");
        body.GetProperty("from").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
        var total = body.GetProperty("site");
        total.GetProperty("energyWh").GetInt64().Should().Be(11_000);
        total.GetProperty("peakQuarterW").GetInt64().Should().Be(14_000, "07:30–07:45Z: 2 kWh + 1.5 kWh in a quarter");
        total.GetProperty("peakQuarterAt").GetDateTimeOffset().Should().Be(SessionHistorySeed.Morning.AddMinutes(30));
        total.GetProperty("limitW").GetDouble().Should().Be(200_000);
        total.GetProperty("peakShareOfLimit").GetDouble().Should().Be(0.07);
        var quarters = total.GetProperty("quarters").EnumerateArray().ToList();
        quarters.Should().HaveCount(96);
        quarters.Where(q => q.GetProperty("energyWh").GetInt64() > 0)
            .Select(q => (q.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("HH:mm"), q.GetProperty("energyWh").GetInt64()))
            .Should().Equal(("07:00", 2_000), ("07:15", 2_000), ("07:30", 3_500), ("07:45", 3_500));
        var cabinetA = body.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("groupId").GetString() == "cabinet-a");
        cabinetA.GetProperty("energyWh").GetInt64().Should().Be(8_000);
        cabinetA.GetProperty("peakQuarterW").GetInt64().Should().Be(8_000);
    }

    [Fact]
    public async Task A_month_and_a_week_cover_their_calendar_span_and_a_group_can_be_asked_alone_as_csv()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        await SeedAsync(site);

        var (_, month) = await site.GetAsync("/api/v1/history/energy?period=month&date=2026-12-15", WebTestSite.ViewerToken);
        month.GetProperty("site").GetProperty("quarters").GetArrayLength().Should().Be(31 * 96);
        month.GetProperty("site").GetProperty("days").GetArrayLength().Should().Be(31);
        month.GetProperty("site").GetProperty("energyWh").GetInt64().Should().Be(11_000);
        var (_, week) = await site.GetAsync("/api/v1/history/energy?period=week&date=2026-12-01", WebTestSite.ViewerToken);
        week.GetProperty("from").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero), "the week starts on Monday 30 November, Berlin time");
        week.GetProperty("site").GetProperty("days")[1].GetProperty("energyWh").GetInt64().Should().Be(11_000);

        var (csv, _) = await site.GetAsync("/api/v1/history/energy?period=day&date=2026-12-01&groupId=cabinet-b&format=csv", WebTestSite.ViewerToken);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var rows = SessionHistoryApiTests.Parse(await csv.Content.ReadAsStringAsync());
        rows[0].Should().Equal(EnergyHistoryEndpoints.CsvHeader);
        rows.Should().HaveCount(97, "one header and 96 quarters of the one group");
        var busy = rows.Skip(1).Where(r => r[3] != "0").ToList();
        busy.Select(r => (r[0], r[1], r[2], r[3], r[4])).Should().Equal(
            ("2026-12-01T07:30:00Z", "2026-12-01T08:30:00+01:00", "cabinet-b", "1.5", "6"),
            ("2026-12-01T07:45:00Z", "2026-12-01T08:45:00+01:00", "cabinet-b", "1.5", "6"));
    }

    [Fact]
    public async Task Rejects_what_it_cannot_answer()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        foreach (var (query, expected) in new[] { ("?period=year", HttpStatusCode.BadRequest), ("?date=01.12.2026", HttpStatusCode.BadRequest), ("?format=pdf", HttpStatusCode.BadRequest), ("?groupId=nowhere", HttpStatusCode.NotFound) })
        {
            var (response, body) = await site.GetAsync($"/api/v1/history/energy{query}", WebTestSite.ViewerToken);
            response.StatusCode.Should().Be(expected, query);
            body.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        }
    }
}
