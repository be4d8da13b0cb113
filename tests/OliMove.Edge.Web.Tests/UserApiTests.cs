using System.Net;
using System.Text.Json;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.WebTests;

/// <summary>The EV user's API over real HTTP: accounts, requests through admission, isolation between users.</summary>
public class UserApiTests
{
    private static object Request(double energyKWh, DateTimeOffset departure, string cp = "OLI-DEMO-01", bool optIn = true) =>
        new { chargePointId = cp, connectorId = 1, optIn, energyKWh, departure };

    [Fact]
    public async Task Sign_up_claims_the_idTag_and_stores_the_password_hashed_and_sign_in_returns_a_working_token()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");

        var user = await site.Host.Get<UserRepository>().GetByLoginAsync("ada");
        user!.PasswordHash.Should().StartWith("pbkdf2-sha256$").And.NotContain("correct horse");
        // The card is claimed, not yet the account's: it binds when presented at a charger (CardBindingTests).
        (await site.Host.Get<UserRepository>().GetByIdTagAsync("TAG-ADA")).Should().BeNull();
        var (me, body) = await site.GetAsync("/api/v1/me", token);
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("idTags").GetArrayLength().Should().Be(0);
        body.GetProperty("cards")[0].GetProperty("idTag").GetString().Should().Be("TAG-ADA");
        body.GetProperty("cards")[0].GetProperty("state").GetString().Should().Be("pending");
        body.ToString().Should().NotContain("pbkdf2");

        var (signIn, signedIn) = await site.PostAsync("/api/v1/me/sign-in", null, new { login = "ada", password = "correct horse battery" });
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await site.GetAsync("/api/v1/me", signedIn.GetProperty("token").GetString())).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await site.PostAsync("/api/v1/me/sign-in", null, new { login = "ada", password = "wrong horse battery" })).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_sign_ups_get_clear_errors_and_create_nothing()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        await site.SignUpAsync("ada", "TAG-ADA");
        await site.BindCardAsync("ada", "TAG-ADA");

        (await site.PostAsync("/api/v1/me/sign-up", null, new { login = "bob", password = "short", idTag = "TAG-BOB" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/me/sign-up", null, new { login = "bob", password = "long enough pass", idTag = "TAG-ADA" })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await site.PostAsync("/api/v1/me/sign-up", null, new { login = "ada", password = "long enough pass", idTag = "TAG-X" })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await site.PostAsync("/api/v1/me/sign-up", null, new { login = "b", password = "long enough pass", idTag = "TAG-B" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/me/sign-up", null, "{\"login\":")).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await site.Host.Get<UserRepository>().GetByLoginAsync("bob")).Should().BeNull();
        (await site.Host.Get<UserRepository>().GetByIdTagAsync("TAG-X")).Should().BeNull();
    }

    [Fact]
    public async Task A_feasible_request_is_accepted_with_its_promise_and_a_re_plan()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var departure = DateTimeOffset.UtcNow.AddHours(4);

        var (response, answer) = await site.PostAsync("/api/v1/me/requests", token, Request(10, departure));

        response.StatusCode.Should().Be(HttpStatusCode.Created, answer.ToString());
        answer.GetProperty("state").GetString().Should().Be("Accepted");
        answer.GetProperty("guaranteed").GetBoolean().Should().BeTrue();
        answer.GetProperty("message").GetString().Should().Contain("10 kWh");
        var stored = await site.Host.Get<ChargingRequestRepository>().GetAsync(answer.GetProperty("id").GetInt64());
        stored!.State.Should().Be(ChargingRequestState.Accepted);
    }

    [Fact]
    public async Task The_request_list_pages_with_the_users_whole_count_as_its_total()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var departure = DateTimeOffset.UtcNow.AddHours(4);
        for (var i = 0; i < 3; i++)
        {
            var (_, made) = await site.PostAsync("/api/v1/me/requests", token, Request(5, departure));
            (await site.PostAsync($"/api/v1/me/requests/{made.GetProperty("id").GetInt64()}/cancel", token, null)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var (response, page) = await site.GetAsync("/api/v1/me/requests?limit=1", token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        page.GetProperty("items").GetArrayLength().Should().Be(1);
        page.GetProperty("total").GetInt64().Should().Be(3, "the total is all of the user's requests, not the page loaded");
    }

    [Fact]
    public async Task A_request_beyond_the_sites_capacity_gets_counter_offers_and_taking_one_is_accepted()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        // 11 kW for at most ~1 h: 40 kWh cannot be guaranteed by then.
        var departure = DateTimeOffset.UtcNow.AddMinutes(70);

        var (_, offer) = await site.PostAsync("/api/v1/me/requests", token, Request(40, departure));

        offer.GetProperty("state").GetString().Should().Be("CounterOffered");
        offer.GetProperty("guaranteed").GetBoolean().Should().BeFalse();
        var energyOffer = offer.GetProperty("offerEnergyKWh").GetDouble();
        energyOffer.Should().BeGreaterThan(0).And.BeLessThan(40);
        offer.GetProperty("offerDeparture").GetDateTimeOffset().Should().BeAfter(departure);

        var id = offer.GetProperty("id").GetInt64();
        var (taken, accepted) = await site.PostAsync($"/api/v1/me/requests/{id}/take-offer", token, new { take = "energy" });

        taken.StatusCode.Should().Be(HttpStatusCode.OK, accepted.ToString());
        accepted.GetProperty("state").GetString().Should().Be("Accepted");
        accepted.GetProperty("energyKWh").GetDouble().Should().BeApproximately(energyOffer, 0.001);
    }

    private const string TwoChargePointSiteMap = """
        site:
          id: two
        gridConnection:
          limitW: 20000
        circuits:
          - id: garage
            limitW: 11000
        chargePoints:
          - chargePointId: OLI-DEMO-01
            circuit: garage
            authorizationKeyHash: "pbkdf2-sha256$100000$wRiqS+azgKKMayrLdgIkrg==$K9Qe9vPteWQEg821a6wyRc6GlnSQtbLbd79xgjW2zyY="
            chargingRateUnit: W
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E0001*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
          - chargePointId: OLI-DEMO-03
            circuit: garage
            authorizationKeyHash: "pbkdf2-sha256$100000$/qIAVCCg9xQEQUAt79Uo/w==$0WC+lLZlHuxml6RuI/gHFlWizKYYirt+hvlgtvBsaqU="
            chargingRateUnit: W
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E0003*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
        """;

    [Fact]
    public async Task A_promise_given_before_the_car_is_plugged_in_still_holds_its_capacity_for_the_next_driver()
    {
        await using var site = await WebTestSite.StartAsync(TwoChargePointSiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var bob = await site.SignUpAsync("bob", "TAG-BOB");
        var departure = DateTimeOffset.UtcNow.AddMinutes(80);

        // The 11 kW cabinet can deliver about 13 kWh by then: one driver's 9 kWh fits, two do not.
        var (_, first) = await site.PostAsync("/api/v1/me/requests", ada, Request(9, departure, cp: "OLI-DEMO-01"));
        var (_, second) = await site.PostAsync("/api/v1/me/requests", bob, Request(9, departure, cp: "OLI-DEMO-03"));

        first.GetProperty("state").GetString().Should().Be("Accepted", first.ToString());
        second.GetProperty("state").GetString().Should().Be("CounterOffered", "Ada's car is not plugged in yet, but her promise holds: {0}", second);
        second.GetProperty("offerEnergyKWh").GetDouble().Should().BeLessThan(9);
    }

    [Fact]
    public async Task Declining_the_counter_offer_leaves_the_car_charging_without_a_guarantee()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var (_, offer) = await site.PostAsync("/api/v1/me/requests", token, Request(40, DateTimeOffset.UtcNow.AddMinutes(70)));

        var (declined, body) = await site.PostAsync($"/api/v1/me/requests/{offer.GetProperty("id").GetInt64()}/decline", token, null);

        declined.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("state").GetString().Should().Be("Declined");
        body.GetProperty("message").GetString().Should().Contain("without a guarantee");
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason_and_store_nothing()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var later = DateTimeOffset.UtcNow.AddHours(3);

        async Task Expect(object body, HttpStatusCode status, string words)
        {
            var (response, answer) = await site.PostAsync("/api/v1/me/requests", token, body);
            response.StatusCode.Should().Be(status, answer.ToString());
            answer.GetProperty("error").GetString().Should().Contain(words);
        }

        await Expect(Request(10, later, cp: "NOPE"), HttpStatusCode.NotFound, "unknown charge point");
        await Expect(Request(10, DateTimeOffset.UtcNow.AddMinutes(-5)), HttpStatusCode.BadRequest, "in the past");
        await Expect(Request(-1, later), HttpStatusCode.BadRequest, "energyKWh");
        await Expect(new { chargePointId = "OLI-DEMO-01", connectorId = 1, optIn = true, energyKWh = 50, batteryCapacityKWh = 40, currentSocPercent = 20, departure = later }, HttpStatusCode.BadRequest, "battery");
        await Expect(new { chargePointId = "OLI-DEMO-01", connectorId = 1, optIn = true, targetSocPercent = 80, departure = later }, HttpStatusCode.BadRequest, "batteryCapacityKWh");
        await Expect(new { chargePointId = "OLI-DEMO-01", connectorId = 1, optIn = true, departure = later }, HttpStatusCode.BadRequest, "departure");

        (await site.Host.Get<ChargingRequestRepository>().ListOpenAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Changing_an_accepted_request_is_admitted_again_and_a_refused_change_keeps_the_promise()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var (_, accepted) = await site.PostAsync("/api/v1/me/requests", token, Request(5, DateTimeOffset.UtcNow.AddHours(2)));
        var id = accepted.GetProperty("id").GetInt64();

        var (refused, offers) = await site.SendAsync(HttpMethod.Patch, $"/api/v1/me/requests/{id}", token, new { energyKWh = 150 });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        offers.GetProperty("offerEnergyKWh").GetDouble().Should().BeGreaterThan(5).And.BeLessThan(150);
        var unchanged = await site.Host.Get<ChargingRequestRepository>().GetAsync(id);
        unchanged!.State.Should().Be(ChargingRequestState.Accepted);
        unchanged.EnergyRequestedWh.Should().Be(5_000);

        var (changed, answer) = await site.SendAsync(HttpMethod.Patch, $"/api/v1/me/requests/{id}", token, new { energyKWh = 8 });
        changed.StatusCode.Should().Be(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("state").GetString().Should().Be("Accepted");
        answer.GetProperty("energyKWh").GetDouble().Should().Be(8);
        (await site.GetAsync("/api/v1/me/current", token)).Body.GetProperty("progress").GetProperty("request").GetProperty("energyKWh").GetDouble().Should().Be(8);
        // The change is recorded as a new request (the answer's id); the old one is closed.
        var newId = answer.GetProperty("id").GetInt64();
        (await site.SendAsync(HttpMethod.Patch, $"/api/v1/me/requests/{id}", token, new { energyKWh = 6 })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await site.SendAsync(HttpMethod.Patch, $"/api/v1/me/requests/{newId}", token, new { departure = DateTimeOffset.UtcNow.AddHours(-1) })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_itself_invalid_answers_400_before_the_state_is_judged()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var (_, created) = await site.PostAsync("/api/v1/me/requests", token, Request(5, DateTimeOffset.UtcNow.AddHours(2)));
        var id = created.GetProperty("id").GetInt64();
        await site.PostAsync($"/api/v1/me/requests/{id}/cancel", token, null);

        var (badBody, error) = await site.SendAsync(HttpMethod.Patch, $"/api/v1/me/requests/{id}", token, new { energyKWh = -1 });
        var (goodBody, conflict) = await site.SendAsync(HttpMethod.Patch, $"/api/v1/me/requests/{id}", token, new { energyKWh = 6 });

        badBody.StatusCode.Should().Be(HttpStatusCode.BadRequest, "decision 0215: the body first, as with malformed JSON");
        error.GetProperty("error").GetString().Should().Be("energyKWh must be above 0 and at most 200");
        goodBody.StatusCode.Should().Be(HttpStatusCode.Conflict);
        conflict.GetProperty("error").GetString().Should().Be("this request is cancelled: make a new one");
        (await site.PostAsync("/api/v1/me/requests", token, Request(-1, DateTimeOffset.UtcNow.AddHours(2), cp: "NOPE"))).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_connector_in_use_by_another_driver_is_refused()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var bob = await site.SignUpAsync("bob", "TAG-BOB");
        await site.PostAsync("/api/v1/me/requests", ada, Request(5, DateTimeOffset.UtcNow.AddHours(3)));

        var (response, body) = await site.PostAsync("/api/v1/me/requests", bob, Request(5, DateTimeOffset.UtcNow.AddHours(3)));

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        body.GetProperty("error").GetString().Should().Contain("in use");
    }

    [Fact]
    public async Task A_user_sees_only_their_own_requests_and_sessions_and_cannot_touch_anothers()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var bob = await site.SignUpAsync("bob", "TAG-BOB");
        var (_, adas) = await site.PostAsync("/api/v1/me/requests", ada, Request(5, DateTimeOffset.UtcNow.AddHours(3)));
        var id = adas.GetProperty("id").GetInt64();

        (await site.GetAsync($"/api/v1/me/requests/{id}", bob)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await site.PostAsync($"/api/v1/me/requests/{id}/cancel", bob, null)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await site.GetAsync("/api/v1/me/requests", bob)).Body.GetProperty("total").GetInt64().Should().Be(0);
        (await site.GetAsync("/api/v1/me/current", bob)).Body.GetProperty("progress").ValueKind.Should().Be(JsonValueKind.Null);
        (await site.Host.Get<ChargingRequestRepository>().GetAsync(id))!.State.Should().Be(ChargingRequestState.Accepted);

        // A user token is not a viewer token: the site's status is not theirs to read.
        (await site.GetAsync("/api/v1/sessions", bob)).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await site.GetAsync("/api/v1/me", WebTestSite.ViewerToken)).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await site.GetAsync($"/api/v1/me/requests/{id}", ada)).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await site.PostAsync($"/api/v1/me/requests/{id}/cancel", ada, null)).Body.GetProperty("state").GetString().Should().Be("Cancelled");
    }

    [Fact]
    public async Task Progress_follows_the_simulated_charge_and_the_receipt_shows_bill_and_flexibility()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var (_, answer) = await site.PostAsync("/api/v1/me/requests", token, new
        {
            chargePointId = "OLI-DEMO-01",
            connectorId = 1,
            optIn = true,
            targetSocPercent = 60,
            batteryCapacityKWh = 50,
            currentSocPercent = 40,
            departure = DateTimeOffset.UtcNow.AddHours(5),
        });
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        answer.GetProperty("energyKWh").GetDouble().Should().BeApproximately(10, 0.001);
        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));

        JsonElement progress = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            await cp.SampleMeterValuesAsync();
            progress = (await site.GetAsync("/api/v1/me/current", token)).Body.GetProperty("progress");
            // The request is bound to the transaction by an event handler after StartTransaction.conf, so
            // "plugged" can show a moment before the request turns Active.
            return progress.GetProperty("plugged").GetBoolean() && progress.GetProperty("plan").GetArrayLength() > 0
                && progress.GetProperty("request").GetProperty("state").GetString() == "Active";
        }, "the session is bound to the request and planned");
        progress.GetProperty("socPercent").GetDouble().Should().BeGreaterThanOrEqualTo(40);
        progress.GetProperty("onTrackMessage").GetString().Should().NotBeNullOrEmpty();

        await cp.StopTransactionAsync(1);
        JsonElement receipts = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            receipts = (await site.GetAsync("/api/v1/me/sessions", token)).Body;
            return receipts.GetProperty("items").GetArrayLength() == 1 && receipts.GetProperty("items")[0].GetProperty("settled").GetBoolean();
        }, "the session is settled");
        var receipt = receipts.GetProperty("items")[0];
        receipt.GetProperty("bill").GetString().Should().EndWith("EUR");
        receipt.GetProperty("flexibilitySentence").GetString().Should().NotBeNullOrEmpty();
        (await site.Host.Get<ChargingRequestRepository>().GetAsync(answer.GetProperty("id").GetInt64()))!.State.Should().Be(ChargingRequestState.Completed);
    }
}
