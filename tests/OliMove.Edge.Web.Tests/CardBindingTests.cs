using System.Net;
using System.Text.Json;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.WebTests;

/// <summary>
/// Whose card is it (issue 21, decision 0241), over the real HTTP API and real OCPP: a card the app adds is only
/// claimed; it joins the account when presented at a charger of the site within the claim's window, or when an
/// operator binds it. A pending card shows no sessions; a card of one account is never another's.
/// </summary>
public class CardBindingTests
{
    private const string ChargePoint = "OLI-DEMO-01";

    private static string[] IdTags(JsonElement me) => [.. me.GetProperty("idTags").EnumerateArray().Select(t => t.GetString()!)];

    private static JsonElement Card(JsonElement me, string idTag) =>
        me.GetProperty("cards").EnumerateArray().Single(c => c.GetProperty("idTag").GetString() == idTag);

    [Fact]
    public async Task A_card_given_at_sign_up_is_pending_until_presented_at_a_charger_and_then_bound()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var (signUp, signedUp) = await site.PostAsync("/api/v1/me/sign-up", null, new { login = "ada", password = "correct horse battery", idTag = "TAG-ADA" });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        signedUp.GetProperty("card").GetProperty("state").GetString().Should().Be("pending");
        signedUp.GetProperty("card").GetProperty("expiresAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(10), TimeSpan.FromMinutes(1));
        var ada = signedUp.GetProperty("token").GetString();

        var (_, before) = await site.GetAsync("/api/v1/me", ada);
        IdTags(before).Should().BeEmpty("a claimed card is nobody's until it is proven");
        Card(before, "TAG-ADA").GetProperty("state").GetString().Should().Be("pending");
        (await site.Host.Get<UserRepository>().GetByIdTagAsync("TAG-ADA")).Should().BeNull();

        var cp = await site.ChargePointAsync(ChargePoint);
        (await cp.AuthorizeAsync("tag-ada")).Status.Should().Be(AuthorizationStatus.Accepted);

        var (_, after) = await site.GetAsync("/api/v1/me", ada);
        IdTags(after).Should().Equal("TAG-ADA");
        Card(after, "TAG-ADA").GetProperty("state").GetString().Should().Be("bound");
        (await site.Host.Get<UserRepository>().ListBoundIdTagsAsync(after.GetProperty("userId").GetInt64())).Single().BoundBy.Should().Be($"presented:{ChargePoint}");
    }

    [Fact]
    public async Task A_card_added_in_the_app_binds_at_the_next_StartTransaction_and_its_session_is_the_drivers()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var (claimed, card) = await site.PostAsync("/api/v1/me/cards", ada, new { idTag = "TAG-ADA-2" });
        claimed.StatusCode.Should().Be(HttpStatusCode.Accepted);
        card.GetProperty("state").GetString().Should().Be("pending");

        var cp = await site.ChargePointAsync(ChargePoint);
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA-2", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);

        IdTags((await site.GetAsync("/api/v1/me", ada)).Body).Should().Equal("TAG-ADA-2");
        await WebTestSite.EventuallyAsync(
            async () => (await site.GetAsync("/api/v1/me/sessions", ada)).Body.GetProperty("total").GetInt64() == 1,
            "the session started with the newly bound card is Ada's");
    }

    [Fact]
    public async Task A_card_bound_to_one_account_is_refused_to_another_and_never_shows_its_sessions_there()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var cp = await site.ChargePointAsync(ChargePoint);
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);
        await WebTestSite.EventuallyAsync(
            async () => (await site.GetAsync("/api/v1/me/sessions", ada)).Body.GetProperty("total").GetInt64() == 1,
            "Ada's session is hers");

        var (refusedSignUp, why) = await site.PostAsync("/api/v1/me/sign-up", null, new { login = "mallory", password = "correct horse battery", idTag = "tag-ada" });
        refusedSignUp.StatusCode.Should().Be(HttpStatusCode.Conflict);
        why.GetProperty("error").GetString().Should().Contain("another account");
        var mallory = await site.SignUpAsync("mallory", "TAG-MAL");
        (await site.PostAsync("/api/v1/me/cards", mallory, new { idTag = "TAG-ADA" })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);

        // Presenting the card again (Ada charging again) changes nothing for Mallory.
        await cp.AuthorizeAsync("TAG-ADA");
        var (_, mallorys) = await site.GetAsync("/api/v1/me", mallory);
        mallorys.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("idTag").GetString()).Should().NotContain(t => string.Equals(t, "TAG-ADA", StringComparison.OrdinalIgnoreCase));
        (await site.GetAsync("/api/v1/me/sessions", mallory)).Body.GetProperty("total").GetInt64().Should().Be(0);
        (await site.GetAsync("/api/v1/me/sessions", ada)).Body.GetProperty("total").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task A_card_claimed_by_two_accounts_binds_to_neither_when_presented_and_its_session_shows_in_neither()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var mallory = await site.SignUpAsync("mallory", "TAG-MAL");
        (await site.PostAsync("/api/v1/me/cards", mallory, new { idTag = "CARD-7" })).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await site.PostAsync("/api/v1/me/cards", ada, new { idTag = "CARD-7" })).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var cp = await site.ChargePointAsync(ChargePoint);
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "CARD-7", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);

        (await site.Host.Get<UserRepository>().GetByIdTagAsync("CARD-7")).Should().BeNull("the presenter cannot be told apart from the other claimant");
        foreach (var token in new[] { ada, mallory })
        {
            var (_, me) = await site.GetAsync("/api/v1/me", token);
            IdTags(me).Should().NotContain("CARD-7");
            Card(me, "CARD-7").GetProperty("state").GetString().Should().Be("pending");
            (await site.GetAsync("/api/v1/me/sessions", token)).Body.GetProperty("total").GetInt64().Should().Be(0, "a pending card shows no sessions");
        }

        // The operator, who checked the card holder, settles it; the other claim ends with the binding.
        var (bound, card) = await site.PostAsync("/api/v1/users/ada/cards", WebTestSite.OperatorToken, new { idTag = "CARD-7" });
        bound.StatusCode.Should().Be(HttpStatusCode.OK, card.ToString());
        card.GetProperty("state").GetString().Should().Be("bound");
        IdTags((await site.GetAsync("/api/v1/me", ada)).Body).Should().Contain("CARD-7");
        (await site.GetAsync("/api/v1/me", mallory)).Body.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("idTag").GetString()).Should().NotContain("CARD-7");
        (await site.PostAsync("/api/v1/me/cards", mallory, new { idTag = "CARD-7" })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_claim_presented_after_its_window_binds_nothing()
    {
        var clock = new ShiftableTimeProvider();
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap, time: clock);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        var cp = await site.ChargePointAsync(ChargePoint);

        clock.Advance(TimeSpan.FromMinutes(11));
        await cp.AuthorizeAsync("TAG-ADA");

        var (_, me) = await site.GetAsync("/api/v1/me", ada);
        IdTags(me).Should().BeEmpty();
        me.GetProperty("cards").GetArrayLength().Should().Be(0, "the claim has lapsed");
        (await site.Host.Get<UserRepository>().GetByIdTagAsync("TAG-ADA")).Should().BeNull();
    }

    [Fact]
    public async Task Only_an_operator_binds_a_card_directly_and_bad_input_is_refused()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var ada = await site.SignUpAsync("ada", "TAG-ADA");
        await site.SignUpAsync("bob", "TAG-BOB");

        (await site.PostAsync("/api/v1/users/ada/cards", ada, new { idTag = "CARD-9" })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await site.PostAsync("/api/v1/users/ada/cards", WebTestSite.ViewerToken, new { idTag = "CARD-9" })).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await site.PostAsync("/api/v1/users/nobody/cards", WebTestSite.OperatorToken, new { idTag = "CARD-9" })).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await site.PostAsync("/api/v1/users/ada/cards", WebTestSite.OperatorToken, new { idTag = "has space" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.PostAsync("/api/v1/me/cards", ada, new { idTag = "THIS-IS-LONGER-THAN-20" })).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.Host.Get<UserRepository>().GetByIdTagAsync("CARD-9")).Should().BeNull();

        (await site.PostAsync("/api/v1/users/ada/cards", WebTestSite.OperatorToken, new { idTag = "CARD-9" })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await site.PostAsync("/api/v1/users/bob/cards", WebTestSite.OperatorToken, new { idTag = "card-9" })).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var (again, card) = await site.PostAsync("/api/v1/me/cards", ada, new { idTag = "CARD-9" });
        again.StatusCode.Should().Be(HttpStatusCode.OK, "claiming one's own bound card changes nothing");
        card.GetProperty("state").GetString().Should().Be("bound");
    }
}
