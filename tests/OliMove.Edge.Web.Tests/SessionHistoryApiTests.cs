using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OliMove.Edge.Api;
using Sylvan.Data.Csv;

namespace OliMove.Edge.WebTests;

/// <summary>The session list of /api/v1/sessions against the real service and its SQLite file: filters, sort, paging and the CSV.</summary>
public class SessionHistoryApiTests
{
    // A field with a comma, a quote and a line break: what RFC 4180 quoting exists for.
    private const string AwkwardTag = "Q,\"7\"\nB";

    internal sealed record Seeded(long Met, long Missed, long Awkward, long Running);

    internal static async Task<Seeded> SeedAsync(WebTestSite site)
    {
        var host = site.Host;
        var alice = await SessionHistorySeed.UserAsync(host, "alice", "Alice Adams", "ALICE-1");
        var bob = await SessionHistorySeed.UserAsync(host, "bob", "Bob Brown", "BOB-1");
        var t0 = SessionHistorySeed.Morning;
        // Alice asked for 20 kWh by 12:00 and got them by 10:00: met.
        var met = await SessionHistorySeed.SessionAsync(host, "OLI-DEMO-01", "ALICE-1", t0, TimeSpan.FromHours(3), 20_000, promise: (alice, 20_000, t0.AddHours(4)));
        // Bob asked for 30 kWh by 11:00, got 10 kWh by then and stayed till 12:00: missed.
        var missed = await SessionHistorySeed.SessionAsync(host, "OLI-DEMO-08", "BOB-1", t0.AddHours(1), TimeSpan.FromHours(4), 12_000, promise: (bob, 30_000, t0.AddHours(4)));
        var awkward = await SessionHistorySeed.SessionAsync(host, "OLI-DEMO-02", AwkwardTag, t0.AddHours(2), TimeSpan.FromMinutes(30), 5_500);
        var running = await SessionHistorySeed.SessionAsync(host, "OLI-DEMO-09", "RUN-1", t0.AddHours(3), TimeSpan.FromMinutes(20), 2_000, stop: false);
        return new Seeded(met, missed, awkward, running);
    }

    private static async Task<long[]> IdsAsync(WebTestSite site, string query)
    {
        var (response, body) = await site.GetAsync($"/api/v1/sessions{query}", WebTestSite.ViewerToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("transactionId").GetInt64())];
    }

    [Fact]
    public async Task Filters_by_date_charger_group_idTag_user_opt_in_and_promise_newest_first()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var s = await SeedAsync(site);

        (await IdsAsync(site, "")).Should().Equal(s.Running, s.Awkward, s.Missed, s.Met);
        (await IdsAsync(site, "?chargePointId=OLI-DEMO-08")).Should().Equal(s.Missed);
        (await IdsAsync(site, "?groupId=cabinet-b")).Should().Equal(s.Running, s.Missed);
        (await IdsAsync(site, "?idTag=alice-1")).Should().Equal(s.Met);
        (await IdsAsync(site, "?user=BROWN")).Should().Equal(s.Missed);
        (await IdsAsync(site, "?optIn=true")).Should().Equal(s.Missed, s.Met);
        (await IdsAsync(site, "?optIn=false")).Should().Equal(s.Running, s.Awkward);
        (await IdsAsync(site, "?promise=met")).Should().Equal(s.Met);
        (await IdsAsync(site, "?promise=missed")).Should().Equal(s.Missed);
        (await IdsAsync(site, "?promise=none")).Should().Equal(s.Running, s.Awkward);
        var from = Uri.EscapeDataString(SessionHistorySeed.Morning.AddMinutes(30).ToString("o"));
        var to = Uri.EscapeDataString(SessionHistorySeed.Morning.AddHours(2).ToString("o"));
        (await IdsAsync(site, $"?from={from}&to={to}")).Should().Equal(s.Missed);

        var (_, page) = await site.GetAsync("/api/v1/sessions?promise=met", WebTestSite.ViewerToken);
        var item = page.GetProperty("items")[0];
        item.GetProperty("user").GetString().Should().Be("alice");
        item.GetProperty("energyWh").GetInt64().Should().Be(20_000);
        item.GetProperty("groupId").GetString().Should().Be("cabinet-a");
        item.GetProperty("requestedEnergyWh").GetDouble().Should().Be(20_000);
    }

    [Fact]
    public async Task Sorts_by_energy_and_duration_and_pages_without_repeats()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var s = await SeedAsync(site);

        (await IdsAsync(site, "?sort=energy&order=asc")).Should().Equal(s.Running, s.Awkward, s.Missed, s.Met);
        (await IdsAsync(site, "?sort=energy")).Should().Equal(s.Met, s.Missed, s.Awkward, s.Running);
        (await IdsAsync(site, "?sort=chargePoint&order=asc")).Should().Equal(s.Met, s.Awkward, s.Missed, s.Running);
        var first = await IdsAsync(site, "?sort=energy&limit=2");
        var second = await IdsAsync(site, "?sort=energy&limit=2&offset=2");
        first.Concat(second).Should().Equal(s.Met, s.Missed, s.Awkward, s.Running);
        var (_, body) = await site.GetAsync("/api/v1/sessions?limit=2", WebTestSite.ViewerToken);
        body.GetProperty("total").GetInt64().Should().Be(4);
    }

    [Fact]
    public async Task Rejects_a_query_it_does_not_understand_with_the_reason_and_an_unknown_group_with_404()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        (string Query, string Reason)[] cases =
        [
            ("?promise=late", "promise must be one of"),
            ("?sort=colour", "sort must be one of"),
            ("?sort=1", "sort must be one of"),
            ("?order=up", "order must be asc or desc"),
            ("?optIn=maybe", "optIn must be true or false"),
            ("?from=yesterday", "from must be an ISO 8601 time"),
            ("?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to must be after from"),
            ("?format=xlsx", "format must be csv or json"),
            ("?transactionId=1", "unknown query parameter 'transactionId'"),
        ];
        foreach (var (query, reason) in cases)
        {
            var (response, body) = await site.GetAsync($"/api/v1/sessions{query}", WebTestSite.ViewerToken);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, query);
            body.GetProperty("error").GetString().Should().Contain(reason, query);
        }

        var (unknown, _) = await site.GetAsync("/api/v1/sessions?groupId=nowhere", WebTestSite.ViewerToken);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_csv_has_one_header_row_with_units_and_quotes_commas_quotes_and_line_breaks_so_a_reader_gets_them_back()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var s = await SeedAsync(site);

        using var request = site.Request(HttpMethod.Get, "/api/v1/sessions?sort=started&order=asc", WebTestSite.ViewerToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await site.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("\r\n").And.Contain("\"Q,\"\"7\"\"\nB\"", "RFC 4180 quotes the field and doubles its quotes");

        var rows = Parse(text);
        rows[0].Should().Equal(SessionHistoryEndpoints.CsvHeader);
        rows[0].Should().Contain(["energy_kWh", "meter_start_Wh", "duration_min", "requested_kWh"]);
        rows.Skip(1).Should().NotContain(r => r.SequenceEqual(SessionHistoryEndpoints.CsvHeader), "there is one header row");
        rows.Should().HaveCount(5);
        var byId = rows.Skip(1).ToDictionary(r => long.Parse(r[0], CultureInfo.InvariantCulture));
        var col = (string name) => Array.IndexOf(SessionHistoryEndpoints.CsvHeader, name);
        byId[s.Awkward][col("id_tag")].Should().Be(AwkwardTag);
        byId[s.Awkward][col("energy_kWh")].Should().Be("5.5");
        byId[s.Met][col("energy_kWh")].Should().Be("20");
        byId[s.Met][col("user")].Should().Be("alice");
        byId[s.Met][col("promise")].Should().Be("met");
        byId[s.Missed][col("promise")].Should().Be("missed");
        byId[s.Met][col("started_at_utc")].Should().Be("2026-12-01T07:00:00Z");
        byId[s.Met][col("started_at_local")].Should().Be("2026-12-01T08:00:00+01:00", "the history site is in Europe/Berlin");
        byId[s.Met][col("duration_min")].Should().Be("180");
        byId[s.Running][col("stopped_at_utc")].Should().BeEmpty();

        // ?format=csv gives the same file, and the filters apply to it.
        var (filtered, _) = await site.GetAsync("/api/v1/sessions?format=csv&promise=missed", WebTestSite.ViewerToken);
        var missedRows = Parse(await filtered.Content.ReadAsStringAsync());
        missedRows.Should().HaveCount(2);
        missedRows[1][0].Should().Be(s.Missed.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_session_lists_the_archived_plan_slots_that_planned_it()
    {
        await using var site = await WebTestSite.StartAsync(SessionHistorySeed.BerlinSiteMapYaml());
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        await cp.StatusAsync(1, OliMove.Ocpp.Messages.ChargePointStatus.Charging);
        var tx = await cp.StartTransactionAsync(1, "TAG-PLAN", new OliMove.Tools.CpSimulator.FixedLimitCar(7_000));
        JsonElement body = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            (_, body) = await site.GetAsync($"/api/v1/sessions/{tx}/plan", WebTestSite.ViewerToken);
            return body.GetProperty("slots").GetArrayLength() > 0;
        }, "the session's group was planned with it");

        body.GetProperty("groupId").GetString().Should().Be("cabinet-a");
        body.GetProperty("sessionId").GetString().Should().Be($"tx-{tx}");
        var slot = body.GetProperty("slots")[0];
        slot.GetProperty("plannedW").GetInt64().Should().BePositive();
        slot.GetProperty("outputSha256").GetString().Should().HaveLength(64);
        (await site.GetAsync("/api/v1/sessions/999999/plan", WebTestSite.ViewerToken)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>Reads CSV with Sylvan.Data.Csv (RFC 4180, quoted fields may hold commas, quotes, line breaks): every row, the header row included.</summary>
    public static List<string[]> Parse(string text)
    {
        using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', Quote = '"', Escape = '"' });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.RowFieldCount).Select(csv.GetString)]);
        }

        return rows;
    }
}
