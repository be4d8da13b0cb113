using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OliMove.Edge.Api;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 12, security: who may call what. Every endpoint of docs/api.md against every kind of caller (no token,
/// a forged token, a driver, a viewer, an operator), then the cases where a wrong answer would leak or change
/// something: a viewer doing operator work, and one driver reaching another driver's requests, sessions or wallet.
/// </summary>
public partial class AuthorizationTests(AuthorizationMatrixSite matrix) : IClassFixture<AuthorizationMatrixSite>
{
    private const string Cp = "{cp}";
    private const string Group = "{group}";
    private const string Own = "{own}";
    private const string Missing = "{missing}";
    private const string NoLogin = "{nologin}";

    /// <summary>
    /// Expected status per caller. A forged token expects what no token gets. An authorized operator action stops
    /// at 503 because {cp} is never connected (nothing is sent); an authorized driver's change of {own} is chosen to
    /// be refused on its merits (400/409), so no row changes the state another row relies on.
    /// </summary>
    private static readonly (string Method, string Path, string? Body, int Anonymous, int User, int Viewer, int Operator)[] Endpoints =
    [
        ("GET", "/api/v1/health", null, 200, 200, 200, 200),
        ("GET", "/api/v1/openapi.json", null, 200, 200, 200, 200),
        ("GET", "/api/v1/whoami", null, 401, 200, 200, 200),
        ("GET", "/api/v1/site", null, 401, 403, 200, 200),
        ("GET", "/api/v1/groups", null, 401, 403, 200, 200),
        ("GET", $"/api/v1/groups/{Group}", null, 401, 403, 200, 200),
        ("GET", $"/api/v1/groups/{Group}/day", null, 401, 403, 200, 200),
        ("GET", $"/api/v1/groups/{Group}/other-load", null, 401, 403, 200, 200),
        ("GET", "/api/v1/chargepoints", null, 401, 403, 200, 200),
        ("GET", $"/api/v1/chargepoints/{Cp}", null, 401, 403, 200, 200),
        ("GET", "/api/v1/sessions", null, 401, 403, 200, 200),
        ("GET", "/api/v1/requests", null, 401, 403, 200, 200),
        ("GET", "/api/v1/plans", null, 401, 403, 200, 200),
        ("GET", "/api/v1/chain", null, 401, 403, 200, 200),
        ("POST", $"/api/v1/chain/outbox/{Missing}/requeue", null, 401, 403, 403, 404),
        // The matrix site has no chain: an authorized caller gets the 404 that says so.
        ("GET", "/api/v1/fleet", null, 401, 403, 404, 404),
        ("GET", "/api/v1/events", null, 401, 403, 200, 200),
        ("POST", $"/api/v1/chargepoints/{Cp}/remote-start", """{"connectorId":1,"idTag":"TAG-1"}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/remote-stop", """{"connectorId":1}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/unlock", """{"connectorId":1}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/reset", """{"type":"Soft"}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/availability", """{"connectorId":0,"type":"Inoperative"}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/install-certificate", """{"certificateType":"CentralSystemRootCertificate","certificate":"x"}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/extended-trigger", """{"requestedMessage":"Heartbeat"}""", 401, 403, 403, 503),
        ("GET", "/api/v1/security-events", null, 401, 403, 403, 200),
        ("GET", $"/api/v1/chargepoints/{Cp}/configuration", null, 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/configuration", """{"key":"HeartbeatInterval","value":"300"}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/clear-cache", null, 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/trigger", """{"requestedMessage":"Heartbeat"}""", 401, 403, 403, 503),
        ("GET", $"/api/v1/chargepoints/{Cp}/local-list/version", null, 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/local-list", """{"listVersion":1,"updateType":"Full","entries":[]}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/reservations", """{"reservationId":1000000001,"connectorId":1,"idTag":"TAG-1","expiryDate":"2099-01-01T00:00:00Z"}""", 401, 403, 403, 503),
        ("DELETE", $"/api/v1/chargepoints/{Cp}/reservations/{Missing}", null, 401, 403, 403, 409),
        ("POST", $"/api/v1/chargepoints/{Cp}/firmware", """{"location":"https://firmware.example/fw.bin","retrieveDate":"2099-01-01T00:00:00Z"}""", 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/diagnostics", """{"location":"ftp://logs.example/"}""", 401, 403, 403, 503),
        ("GET", $"/api/v1/chargepoints/{Cp}/maintenance", null, 401, 403, 403, 200),
        ("GET", $"/api/v1/chargepoints/{Cp}/composite-schedule", null, 401, 403, 403, 503),
        ("POST", $"/api/v1/chargepoints/{Cp}/charging-profiles/clear", "{}", 401, 403, 403, 503),
        ("GET", $"/api/v1/sessions/{Missing}/plan", null, 401, 403, 404, 404),
        ("GET", "/api/v1/history/energy", null, 401, 403, 200, 200),
        ("GET", "/api/v1/alerts", null, 401, 403, 200, 200),
        ("POST", $"/api/v1/groups/{Group}/replan", null, 401, 403, 403, 202),
        ("POST", "/api/v1/me/sign-up", """{"login":"someone","password":"short","idTag":"TAG-SHORT"}""", 400, 400, 400, 400),
        ("POST", "/api/v1/me/sign-in", """{"login":""", 400, 400, 400, 400),
        ("GET", "/api/v1/me", null, 401, 200, 403, 403),
        ("GET", "/api/v1/me/chargepoints", null, 401, 200, 403, 403),
        ("POST", "/api/v1/me/requests", """{"chargePointId":"NO-SUCH-CP","connectorId":1,"optIn":false}""", 401, 404, 403, 403),
        ("GET", "/api/v1/me/requests", null, 401, 200, 403, 403),
        ("GET", "/api/v1/me/current", null, 401, 200, 403, 403),
        ("GET", $"/api/v1/me/requests/{Own}", null, 401, 200, 403, 403),
        ("PATCH", $"/api/v1/me/requests/{Own}", "{}", 401, 400, 403, 403),
        ("POST", $"/api/v1/me/requests/{Own}/take-offer", """{"take":"energy"}""", 401, 409, 403, 403),
        ("POST", $"/api/v1/me/requests/{Own}/decline", null, 401, 409, 403, 403),
        ("POST", $"/api/v1/me/requests/{Missing}/cancel", null, 401, 404, 403, 403),
        ("GET", "/api/v1/me/sessions", null, 401, 200, 403, 403),
        ("GET", "/api/v1/me/wallet", null, 401, 200, 403, 403),
        ("POST", "/api/v1/me/wallet/keystore", """{"password":"short"}""", 401, 400, 403, 403),
        ("GET", "/api/v1/me/events", null, 401, 200, 403, 403),
        ("POST", "/api/v1/me/cards", """{"idTag":"has space"}""", 401, 400, 403, 403),
        ("POST", "/api/v1/me/sign-out", null, 401, 204, 403, 403),
        ("POST", "/api/v1/me/tokens/revoke-all", null, 401, 200, 403, 403),
        ("POST", $"/api/v1/users/{NoLogin}/cards", """{"idTag":"TAG-NOBODY"}""", 401, 403, 403, 404),
        ("GET", "/api/v1/no-such-endpoint", null, 404, 404, 404, 404),
    ];

    public static TheoryData<string, string, string, string?, int> Matrix()
    {
        var data = new TheoryData<string, string, string, string?, int>();
        foreach (var e in Endpoints)
        {
            data.Add("anonymous", e.Method, e.Path, e.Body, e.Anonymous);
            data.Add("forged", e.Method, e.Path, e.Body, e.Anonymous);
            data.Add("user", e.Method, e.Path, e.Body, e.User);
            data.Add("viewer", e.Method, e.Path, e.Body, e.Viewer);
            data.Add("operator", e.Method, e.Path, e.Body, e.Operator);
        }

        return data;
    }

    private string? TokenOf(string caller) => caller switch
    {
        "anonymous" => null,
        // Well-formed, but issued by nobody.
        "forged" => ApiTokenHash.NewToken(),
        "user" => matrix.UserToken,
        "viewer" => AuthorizationSite.ViewerToken,
        "operator" => AuthorizationSite.OperatorToken,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    private string Resolve(string path) => path
        .Replace(Cp, TestSiteMap.Id(1, 2), StringComparison.Ordinal)
        .Replace(Group, TestSiteMap.Cabinet(1), StringComparison.Ordinal)
        .Replace(Own, matrix.OwnRequestId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace(Missing, "987654", StringComparison.Ordinal)
        .Replace(NoLogin, "no-such-login", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_documented(string caller, string method, string path, string? body, int expected)
    {
        // The live streams never end: read the status line and headers only, then hang up.
        var completion = path.EndsWith("/events", StringComparison.Ordinal) ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
        var token = caller == "user" && path is "/api/v1/me/sign-out" or "/api/v1/me/tokens/revoke-all"
            ? await matrix.ThrowawayUserTokenAsync()
            : TokenOf(caller);
        using var response = await matrix.Site.SendAsync(method, Resolve(path), token, body, completion);

        ((int)response.StatusCode).Should().Be(expected, "{0} {1} as {2}", method, path, caller);
    }

    [Theory]
    [InlineData("/api/v1/events", "viewer", 200)]
    [InlineData("/api/v1/events", "user", 403)]
    [InlineData("/api/v1/me/events", "user", 200)]
    [InlineData("/api/v1/me/events", "viewer", 403)]
    [InlineData("/api/v1/site", "viewer", 401)]
    [InlineData("/api/v1/chargepoints", "operator", 401)]
    [InlineData("/api/v1/me", "user", 401)]
    [InlineData("/api/v1/me/sessions", "user", 401)]
    public async Task A_token_in_the_query_string_counts_on_the_two_live_streams_only(string path, string caller, int expected)
    {
        // EventSource cannot send headers, so the streams take ?access_token=; anywhere else a token in a URL
        // (which ends up in logs and browser history) must not work.
        using var response = await matrix.Site.SendAsync("GET", $"{path}?access_token={Uri.EscapeDataString(TokenOf(caller)!)}", null, null, HttpCompletionOption.ResponseHeadersRead);

        ((int)response.StatusCode).Should().Be(expected);
    }

    [Fact]
    public async Task The_matrix_covers_every_endpoint_in_docs_api_md_and_in_the_OpenAPI_document()
    {
        var covered = Endpoints.Select(e => Template(e.Method, e.Path)).ToHashSet(StringComparer.Ordinal);

        var documented = new List<string>();
        string? section = null;
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(EdgeTestHost.RepoRoot(), "docs", "api.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line;
            }

            var row = TableRowEndpoint().Match(line);
            if (!row.Success)
            {
                continue;
            }

            // The operator table lists paths only: all its actions are POST.
            var method = row.Groups["method"].Success ? row.Groups["method"].Value : section!.Contains("Operator", StringComparison.Ordinal) ? "POST" : "GET";
            var path = row.Groups["path"].Value;
            documented.Add(Template(method, path.StartsWith("/api/v1", StringComparison.Ordinal) ? path : "/api/v1" + path));
        }

        documented.Should().HaveCountGreaterThan(30, "the parser must find the tables of docs/api.md");
        documented.Should().OnlyContain(d => covered.Contains(d), "every documented endpoint has its row in the matrix");

        var (status, openApi) = await matrix.Site.JsonAsync("GET", "/api/v1/openapi.json", null);
        status.Should().Be(HttpStatusCode.OK);
        // The pages (/, /cockpit, /app) are in the document too; they are static and need no token.
        var described = openApi.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => Template(m.Name.ToUpperInvariant(), p.Name)))
            .ToList();
        described.Should().NotBeEmpty();
        described.Should().OnlyContain(d => covered.Contains(d), "every endpoint the service describes has its row in the matrix");
    }

    [Fact]
    public async Task A_viewer_or_a_driver_doing_operator_work_gets_403_and_nothing_reaches_the_charger()
    {
        await using var site = await AuthorizationSite.StartAsync();
        var id = TestSiteMap.Id(1, 1);
        var cp = await site.ChargePointAsync(id);
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-RUNNING", new FixedLimitCar(11_000));
        var transaction = cp.TransactionIdOn(1);
        transaction.Should().NotBeNull();
        var (driver, _) = await site.SignUpAsync("nosy-driver", "TAG-NOSY");
        var operatorWork = new (string Path, string? Body)[]
        {
            ($"/api/v1/chargepoints/{id}/remote-stop", """{"connectorId":1}"""),
            ($"/api/v1/chargepoints/{id}/remote-start", """{"connectorId":1,"idTag":"TAG-OTHER"}"""),
            ($"/api/v1/chargepoints/{id}/unlock", """{"connectorId":1}"""),
            ($"/api/v1/chargepoints/{id}/reset", """{"type":"Hard"}"""),
            ($"/api/v1/chargepoints/{id}/availability", """{"connectorId":0,"type":"Inoperative"}"""),
            ($"/api/v1/groups/{TestSiteMap.Cabinet(1)}/replan", null),
        };

        foreach (var token in new[] { AuthorizationSite.ViewerToken, driver })
        {
            foreach (var (path, body) in operatorWork)
            {
                using var response = await site.SendAsync("POST", path, token, body);
                response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "POST {0} is operator work", path);
            }
        }

        string[] commands = ["RemoteStopTransaction", "RemoteStartTransaction", "UnlockConnector", "Reset", "ChangeAvailability"];
        ReceivedBy(cp).Should().NotContain(commands, "a refused call sends nothing to the charger");
        site.Host.Get<LiveSiteState>().Connector(id, 1).TransactionId.Should().Be(transaction, "the session still runs");
        (await site.Host.Get<TransactionRepository>().GetActiveAsync(id, 1))!.Id.Should().Be(transaction!.Value);
        cp.Connectors[0].LocalTransaction.Should().NotBeNull("the charger still charges");

        // The same call by the operator does reach the charger: the refusals above were about the role, not the call.
        var (stopped, answer) = await site.JsonAsync("POST", $"/api/v1/chargepoints/{id}/remote-stop", AuthorizationSite.OperatorToken, """{"connectorId":1}""");
        stopped.Should().Be(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("status").GetString().Should().Be("Accepted");
        ReceivedBy(cp).Should().Contain("RemoteStopTransaction");
    }

    [Fact]
    public async Task One_driver_cannot_read_change_take_or_cancel_another_drivers_request()
    {
        await using var site = await AuthorizationSite.StartAsync();
        var (ada, _) = await site.SignUpAsync("ada", "TAG-ADA");
        var (bob, _) = await site.SignUpAsync("bob", "TAG-BOB");
        // 150 kWh in 70 minutes cannot be promised on 22 kW: Ada gets counter-offers, which Bob must not take.
        var (_, offered) = await site.JsonAsync("POST", "/api/v1/me/requests", ada,
            JsonSerializer.Serialize(new { chargePointId = TestSiteMap.Id(1, 1), connectorId = 1, optIn = true, energyKWh = 150, departure = DateTimeOffset.UtcNow.AddMinutes(70) }));
        offered.GetProperty("state").GetString().Should().Be("CounterOffered", offered.ToString());
        var id = offered.GetProperty("id").GetInt64();
        var before = await site.Host.Get<ChargingRequestRepository>().GetAsync(id);

        (await site.JsonAsync("GET", $"/api/v1/me/requests/{id}", bob)).Status.Should().Be(HttpStatusCode.NotFound);
        (await site.JsonAsync("PATCH", $"/api/v1/me/requests/{id}", bob, """{"energyKWh":5}""")).Status.Should().Be(HttpStatusCode.NotFound);
        (await site.JsonAsync("POST", $"/api/v1/me/requests/{id}/take-offer", bob, """{"take":"energy"}""")).Status.Should().Be(HttpStatusCode.NotFound);
        (await site.JsonAsync("POST", $"/api/v1/me/requests/{id}/take-offer", bob, """{"take":"departure"}""")).Status.Should().Be(HttpStatusCode.NotFound);
        (await site.JsonAsync("POST", $"/api/v1/me/requests/{id}/decline", bob)).Status.Should().Be(HttpStatusCode.NotFound);
        (await site.JsonAsync("POST", $"/api/v1/me/requests/{id}/cancel", bob)).Status.Should().Be(HttpStatusCode.NotFound);
        var (_, bobsList) = await site.JsonAsync("GET", "/api/v1/me/requests", bob);
        bobsList.GetProperty("total").GetInt64().Should().Be(0);
        (await site.JsonAsync("GET", "/api/v1/me/current", bob)).Body.GetProperty("progress").ValueKind.Should().Be(JsonValueKind.Null);
        // A 404 that says nothing: the same answer as for a request that does not exist at all.
        var (_, foreign) = await site.JsonAsync("GET", $"/api/v1/me/requests/{id}", bob);
        var (_, absent) = await site.JsonAsync("GET", $"/api/v1/me/requests/{id + 1000}", bob);
        foreign.GetProperty("error").GetString()!.Replace(id.ToString(System.Globalization.CultureInfo.InvariantCulture), "N", StringComparison.Ordinal)
            .Should().Be(absent.GetProperty("error").GetString()!.Replace((id + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), "N", StringComparison.Ordinal));

        var after = await site.Host.Get<ChargingRequestRepository>().GetAsync(id);
        after.Should().BeEquivalentTo(before, "nothing Bob did changed Ada's request");

        var (taken, accepted) = await site.JsonAsync("POST", $"/api/v1/me/requests/{id}/take-offer", ada, """{"take":"energy"}""");
        taken.Should().Be(HttpStatusCode.OK, accepted.ToString());
        accepted.GetProperty("state").GetString().Should().Be("Accepted");
    }

    [Fact]
    public async Task One_driver_sees_neither_another_drivers_sessions_nor_their_wallet()
    {
        await using var site = await AuthorizationSite.StartAsync();
        var (ada, adaWallet) = await site.SignUpAsync("ada", "TAG-ADA");
        var (bob, bobWallet) = await site.SignUpAsync("bob", "TAG-BOB");
        adaWallet.Should().NotBe(bobWallet);
        var id = TestSiteMap.Id(1, 1);
        var (created, request) = await site.JsonAsync("POST", "/api/v1/me/requests", ada,
            JsonSerializer.Serialize(new { chargePointId = id, connectorId = 1, optIn = true, energyKWh = 5, departure = DateTimeOffset.UtcNow.AddHours(3) }));
        created.Should().Be(HttpStatusCode.Created, request.ToString());
        var cp = await site.ChargePointAsync(id);
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);
        var transaction = (await site.Host.Get<TransactionRepository>().ListByIdTagAsync("TAG-ADA", 10)).Single().Id;

        JsonElement adas = default;
        await Poll.UntilAsync(async () =>
        {
            adas = (await site.JsonAsync("GET", "/api/v1/me/sessions", ada)).Body;
            return adas.GetProperty("items").GetArrayLength() == 1 && adas.GetProperty("items")[0].GetProperty("settled").GetBoolean();
        }, "Ada's session is settled");
        adas.GetProperty("items")[0].GetProperty("transactionId").GetInt64().Should().Be(transaction);

        var (_, bobs) = await site.JsonAsync("GET", "/api/v1/me/sessions", bob);
        bobs.GetProperty("total").GetInt64().Should().Be(0);
        bobs.GetProperty("items").GetArrayLength().Should().Be(0);
        (await site.JsonAsync("GET", "/api/v1/me/wallet", bob)).Body.GetProperty("address").GetString().Should().Be(bobWallet);
        (await site.JsonAsync("GET", "/api/v1/me/wallet", ada)).Body.GetProperty("address").GetString().Should().Be(adaWallet);
        var (_, bobsMe) = await site.JsonAsync("GET", "/api/v1/me", bob);
        bobsMe.GetProperty("walletAddress").GetString().Should().Be(bobWallet);
        bobsMe.GetProperty("idTags").EnumerateArray().Select(t => t.GetString()).Should().Equal("TAG-BOB");
    }

    [Fact]
    public async Task A_driver_who_plugs_in_at_a_connector_another_driver_reserved_keeps_the_session_to_themselves()
    {
        await using var site = await AuthorizationSite.StartAsync();
        var (ada, _) = await site.SignUpAsync("ada", "TAG-ADA");
        var (bob, _) = await site.SignUpAsync("bob", "TAG-BOB");
        var id = TestSiteMap.Id(1, 1);
        // Bob's promise holds the connector before his car is there; Ada arrives first and starts with her own card.
        // A charger with the Reservation profile would refuse her (ReservationTests); this one cannot reserve
        // (decision 0171), so the session must still stay hers.
        var (_, reserved) = await site.JsonAsync("POST", "/api/v1/me/requests", bob,
            JsonSerializer.Serialize(new { chargePointId = id, connectorId = 1, optIn = true, energyKWh = 5, departure = DateTimeOffset.UtcNow.AddHours(3) }));
        reserved.GetProperty("state").GetString().Should().Be("Accepted", reserved.ToString());
        var bobsRequest = reserved.GetProperty("id").GetInt64();
        var cp = await site.ChargePointAsync(id, supportsReservations: false);
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        var transaction = cp.TransactionIdOn(1)!.Value;
        await cp.SampleMeterValuesAsync();

        // Give the service every chance to bind the session to Bob's request before looking.
        await Poll.UntilAsync(async () => (await site.Host.Get<ChargingRequestRepository>().GetAsync(bobsRequest))!.TransactionId is not null
            || site.Host.Get<LiveSiteState>().Connector(id, 1).TransactionId == transaction, "the service has seen the start");
        var (_, bobsProgress) = await site.JsonAsync("GET", "/api/v1/me/current", bob);
        var progress = bobsProgress.GetProperty("progress");
        if (progress.ValueKind != JsonValueKind.Null)
        {
            progress.GetProperty("request").GetProperty("transactionId").ValueKind.Should().Be(JsonValueKind.Null, "Ada's session is not Bob's: {0}", progress);
            progress.GetProperty("plugged").GetBoolean().Should().BeFalse("Bob's car is not the one charging");
            progress.GetProperty("energyAddedKWh").ValueKind.Should().Be(JsonValueKind.Null, "Bob must not see what Ada's car took");
        }

        // Changing the request while Ada charges re-admits it; it must not pick up her session on the way.
        var (changed, answer) = await site.JsonAsync("PATCH", $"/api/v1/me/requests/{bobsRequest}", bob, """{"energyKWh":6}""");
        changed.Should().Be(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("transactionId").ValueKind.Should().Be(JsonValueKind.Null, "the re-admitted request is not bound to Ada's session: {0}", answer);
        bobsRequest = answer.GetProperty("id").GetInt64();

        await cp.StopTransactionAsync(1);
        await Poll.UntilAsync(async () =>
        {
            var items = (await site.JsonAsync("GET", "/api/v1/me/sessions", ada)).Body.GetProperty("items");
            return items.GetArrayLength() == 1 && items[0].GetProperty("settled").GetBoolean();
        }, "Ada's session is settled as hers");
        var (_, bobs) = await site.JsonAsync("GET", "/api/v1/me/sessions", bob);
        bobs.GetProperty("total").GetInt64().Should().Be(0, "Ada's receipt is not Bob's: {0}", bobs);
        var bobsAfter = await site.Host.Get<ChargingRequestRepository>().GetAsync(bobsRequest);
        bobsAfter!.TransactionId.Should().BeNull("Bob's request was never met by Ada's session");
        bobsAfter.State.Should().Be(ChargingRequestState.Accepted, "Bob's promise still waits for his car");
    }

    private static string Template(string method, string path) =>
        method + " " + PathParameter().Replace(path.Split('?')[0], "{}");

    private static List<string> ReceivedBy(SimulatedChargePoint cp)
    {
        lock (cp.ReceivedActions)
        {
            return [.. cp.ReceivedActions];
        }
    }

    // A table row of docs/api.md naming an endpoint: | `GET /api/v1/site` | or | `/api/v1/chargepoints/{id}/reset` |
    [GeneratedRegex(@"^\|\s*`(?:(?<method>GET|POST|PATCH|PUT|DELETE)\s+)?(?<path>/[^`\s]+)`")]
    private static partial Regex TableRowEndpoint();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex PathParameter();
}
