using System.Net;
using System.Text.Json;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.WebTests;

/// <summary>The status API over real HTTP against the real service on the demo site map.</summary>
public class StatusApiTests
{
    [Theory]
    [InlineData("/api/v1/site")]
    [InlineData("/api/v1/groups")]
    [InlineData("/api/v1/groups/cabinet-a/day")]
    [InlineData("/api/v1/chargepoints")]
    [InlineData("/api/v1/sessions")]
    [InlineData("/api/v1/requests")]
    [InlineData("/api/v1/plans")]
    [InlineData("/api/v1/chain")]
    public async Task Every_read_endpoint_answers_401_without_a_token_and_200_to_a_viewer(string path)
    {
        await using var site = await WebTestSite.StartAsync();

        (await site.GetAsync(path, null)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await site.GetAsync(path, "not-a-token-of-this-site")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var (ok, body) = await site.GetAsync(path, WebTestSite.ViewerToken);
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        body.ValueKind.Should().NotBe(JsonValueKind.Undefined);
    }

    [Fact]
    public async Task A_groups_day_is_by_default_the_sites_own_day_from_local_midnight_to_midnight()
    {
        await using var site = await WebTestSite.StartAsync();
        var (_, siteBody) = await site.GetAsync("/api/v1/site", WebTestSite.ViewerToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(siteBody.GetProperty("timeZone").GetString()!);

        var (ok, day) = await site.GetAsync("/api/v1/groups/cabinet-a/day", WebTestSite.ViewerToken);

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        var from = day.GetProperty("from").GetDateTimeOffset();
        var to = day.GetProperty("to").GetDateTimeOffset();
        var localFrom = TimeZoneInfo.ConvertTime(from, zone);
        localFrom.TimeOfDay.Should().Be(TimeSpan.Zero, "the chart starts at the site's midnight, not UTC's");
        TimeZoneInfo.ConvertTime(to, zone).Should().Be(localFrom.AddDays(1));
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date.Should().Be(localFrom.Date, "today on the site's calendar");
    }

    [Fact]
    public async Task Groups_and_charge_points_show_limits_rated_power_and_what_a_simulated_charger_reports()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-STATUS", new FixedLimitCar(7_000));
        await cp.SampleMeterValuesAsync();

        JsonElement tile = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            tile = (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-03", WebTestSite.ViewerToken)).Body;
            return tile.GetProperty("connectors")[0].GetProperty("measuredW").ValueKind == JsonValueKind.Number;
        }, "the meter values reach the API");

        tile.GetProperty("connected").GetBoolean().Should().BeTrue();
        tile.GetProperty("groupId").GetString().Should().Be("cabinet-a");
        var connector = tile.GetProperty("connectors")[0];
        connector.GetProperty("status").GetString().Should().Be("Charging");
        connector.GetProperty("ratedPowerW").GetDouble().Should().Be(11_000);
        connector.GetProperty("measuredW").GetDouble().Should().BeApproximately(7_000, 50);
        connector.GetProperty("transactionId").GetInt64().Should().Be(cp.TransactionIdOn(1)!.Value);

        var (_, groups) = await site.GetAsync("/api/v1/groups", WebTestSite.ViewerToken);
        var cabinetA = groups.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "cabinet-a");
        cabinetA.GetProperty("limitW").GetDouble().Should().Be(3 * 125 * 230);
        cabinetA.GetProperty("measuredW").GetDouble().Should().BeApproximately(7_000, 50);
        cabinetA.GetProperty("chargePointIds").EnumerateArray().Select(e => e.GetString()).Should().Contain("OLI-DEMO-03");
        var cabinetB = groups.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "cabinet-b");
        cabinetB.GetProperty("otherLoads").GetArrayLength().Should().Be(2);

        var (_, sessions) = await site.GetAsync("/api/v1/sessions?limit=10", WebTestSite.ViewerToken);
        sessions.GetProperty("total").GetInt64().Should().Be(1);
        sessions.GetProperty("items")[0].GetProperty("chargePointId").GetString().Should().Be("OLI-DEMO-03");

        await WebTestSite.EventuallyAsync(async () =>
            (await site.GetAsync("/api/v1/plans?groupId=cabinet-a", WebTestSite.ViewerToken)).Body.GetProperty("total").GetInt64() > 0, "a plan is archived");
        var plan = (await site.GetAsync("/api/v1/plans?groupId=cabinet-a&limit=1", WebTestSite.ViewerToken)).Body.GetProperty("items")[0];
        plan.GetProperty("inputSha256").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        plan.GetProperty("outputSha256").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Theory]
    [InlineData("/api/v1/sessions?limit=0")]
    [InlineData("/api/v1/sessions?limit=501")]
    [InlineData("/api/v1/sessions?offset=-1")]
    [InlineData("/api/v1/requests?limit=abc")]
    [InlineData("/api/v1/plans?from=yesterday")]
    [InlineData("/api/v1/plans?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("/api/v1/plans?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")]
    [InlineData("/api/v1/groups/cabinet-a/day?to=soon")]
    public async Task Bad_query_strings_get_a_400_that_says_what_is_wrong(string path)
    {
        await using var site = await WebTestSite.StartAsync();

        var (response, body) = await site.GetAsync(path, WebTestSite.ViewerToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Unknown_things_are_404_with_a_json_body()
    {
        await using var site = await WebTestSite.StartAsync();

        (await site.GetAsync("/api/v1/chargepoints/NOPE", WebTestSite.ViewerToken)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await site.GetAsync("/api/v1/groups/nope", WebTestSite.ViewerToken)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await site.GetAsync("/api/v1/plans?groupId=nope", WebTestSite.ViewerToken)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var (response, body) = await site.GetAsync("/api/v1/no-such-thing", WebTestSite.ViewerToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Operator_actions_reach_the_charger_and_a_viewer_gets_403_with_nothing_sent()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-02", connectors: 2);

        var (viewer, _) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-02/unlock", WebTestSite.ViewerToken, new { connectorId = 1 });
        viewer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-02/unlock", null, new { connectorId = 1 })).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        cp.ReceivedActions.Should().NotContain("UnlockConnector");

        var (unlock, unlocked) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-02/unlock", WebTestSite.OperatorToken, new { connectorId = 2 });
        unlock.StatusCode.Should().Be(HttpStatusCode.OK);
        unlocked.GetProperty("status").GetString().Should().NotBeNullOrEmpty();
        cp.ReceivedActions.Should().Contain("UnlockConnector");

        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-02/availability", WebTestSite.OperatorToken, new { connectorId = 1, type = "Inoperative" })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        cp.ReceivedActions.Should().Contain("ChangeAvailability");

        var (start, started) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-02/remote-start", WebTestSite.OperatorToken, new { connectorId = 2, idTag = "TAG-REMOTE" });
        start.StatusCode.Should().Be(HttpStatusCode.OK);
        started.GetProperty("status").GetString().Should().Be("Accepted");
        await WebTestSite.EventuallyAsync(() => Task.FromResult(cp.TransactionIdOn(2) is not null), "the remote start runs a transaction");
        await WebTestSite.EventuallyAsync(async () =>
            (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-02", WebTestSite.ViewerToken)).Body.GetProperty("connectors")[1].GetProperty("transactionId").ValueKind == JsonValueKind.Number,
            "the service knows the transaction");

        var (stop, stopped) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-02/remote-stop", WebTestSite.OperatorToken, new { connectorId = 2 });
        stop.StatusCode.Should().Be(HttpStatusCode.OK);
        stopped.GetProperty("transactionId").GetInt64().Should().Be(cp.TransactionIdOn(2) ?? stopped.GetProperty("transactionId").GetInt64());
        cp.ReceivedActions.Should().Contain("RemoteStopTransaction");

        (await site.PostAsync("/api/v1/groups/cabinet-a/replan", WebTestSite.OperatorToken, null)).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await site.PostAsync("/api/v1/groups/nope/replan", WebTestSite.OperatorToken, null)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Operator_actions_answer_400_404_409_and_503_before_sending_anything()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        var op = WebTestSite.OperatorToken;

        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-03/unlock", op, "{not json")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-03/unlock", op, "{}")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-03/reset", op, new { type = "Sideways" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-03/remote-start", op, new { connectorId = 1, idTag = "", extra = 1 })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-03/unlock", op, new { connectorId = 9 })).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await site.PostAsync("/api/v1/chargepoints/NOPE/unlock", op, new { connectorId = 1 })).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var (conflict, why) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-03/remote-stop", op, new { connectorId = 1 });
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        why.GetProperty("error").GetString().Should().Contain("no session");
        var (offline, reason) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-05/unlock", op, new { connectorId = 1 });
        offline.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        reason.GetProperty("error").GetString().Should().Contain("not connected");

        cp.ReceivedActions.Should().NotContain(["UnlockConnector", "Reset", "RemoteStartTransaction", "RemoteStopTransaction"]);
    }

    [Fact]
    public async Task Responses_carry_no_secrets_and_the_API_refuses_remote_clients_by_default()
    {
        await using var site = await WebTestSite.StartAsync();
        var (_, body) = await site.GetAsync("/api/v1/chargepoints", WebTestSite.OperatorToken);
        var (_, siteBody) = await site.GetAsync("/api/v1/site", WebTestSite.OperatorToken);

        var text = body.ToString() + siteBody;
        text.Should().NotContain("pbkdf2").And.NotContain("authorizationKey").And.NotContain(WebTestSite.OperatorToken);
        site.Host.Options.Api.AllowRemote.Should().BeFalse();
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_mapped_endpoints()
    {
        await using var site = await WebTestSite.StartAsync();

        var (response, doc) = await site.GetAsync("/api/v1/openapi.json", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/v1/site", "/api/v1/groups", "/api/v1/chargepoints/{chargePointId}", "/api/v1/sessions", "/api/v1/plans",
            "/api/v1/chain", "/api/v1/chargepoints/{chargePointId}/remote-start", "/api/v1/me/sign-up", "/api/v1/me/requests"]);
    }

    [Fact]
    public async Task The_live_stream_sends_a_snapshot_then_the_change_a_charger_reports()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-04");
        using var stream = new HttpClient { BaseAddress = site.Host.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        (await stream.GetAsync("api/v1/events")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var response = await stream.GetAsync($"api/v1/events?access_token={WebTestSite.ViewerToken}", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        (await NextEventAsync(reader, "snapshot", _ => true, deadline.Token)).GetProperty("chargePoints").GetArrayLength().Should().Be(10);
        await cp.StatusAsync(1, ChargePointStatus.Faulted);

        var change = await NextEventAsync(reader, "chargePoint", e => e.GetProperty("id").GetString() == "OLI-DEMO-04"
            && e.GetProperty("connectors")[0].GetProperty("status").GetString() == "Faulted", deadline.Token);
        change.GetProperty("connected").GetBoolean().Should().BeTrue();
    }

    internal static async Task<JsonElement> NextEventAsync(StreamReader reader, string name, Func<JsonElement, bool> match, CancellationToken ct)
    {
        string? current = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("the stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == name)
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (match(data))
                {
                    return data;
                }
            }
        }
    }
}
