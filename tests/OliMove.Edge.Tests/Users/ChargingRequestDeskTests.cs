using OliMove.Edge.Testing;
using OliMove.Edge.Users;
using OliMove.Edge.Users.Outcomes;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Users;

/// <summary>The request desk and the accounts called directly on a real host (real SQLite, real admission), no HTTP.</summary>
public class ChargingRequestDeskTests
{
    // One 22 kW connector on a 32 A circuit that keeps 11 kW for other loads: about 11 kW to promise.
    private const string SiteMap = """
        site:
          id: desk
          name: Desk test site
          nominalVoltageV: 230
        gridConnection:
          limitA: 63
        circuits:
          - id: garage
            limitA: 32
        chargePoints:
          - chargePointId: CP-1
            circuit: garage
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E0001*1"
                connectionType: Type2
                ratedPowerW: 22000
                phases: 3
        otherLoads:
          - id: workshop
            circuit: garage
            reservedW: 11000
        """;

    private static async Task<long> SignUpAsync(EdgeTestHost host, string login, string idTag) =>
        (await host.Get<UserAccounts>().SignUpAsync(new SignUpBody { Login = login, Password = "long enough pass", IdTag = idTag }, CancellationToken.None)).Value.UserId;

    private static NewChargingRequest Terms(long userId, double energyWh, DateTimeOffset departure, string chargePointId = "CP-1") =>
        new(userId, chargePointId, 1, true, energyWh, departure, null, null);

    [Fact]
    public async Task Accepts_a_feasible_request_and_a_refused_change_keeps_the_promise_and_offers_what_fits()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap);
        var desk = host.Get<ChargingRequestDesk>();
        var ada = await SignUpAsync(host, "ada", "TAG-ADA");
        var departure = DateTimeOffset.UtcNow.AddHours(2);

        var created = await desk.CreateAsync(Terms(ada, 5_000, departure), CancellationToken.None);

        created.Value.Request.State.Should().Be(ChargingRequestState.Accepted);
        created.Value.Request.EnergyRequestedWh.Should().Be(5_000);

        var refused = await desk.ChangeAsync(created.Value.Request, new RequestChange(150_000, null), CancellationToken.None);

        var refusal = refused.Failure.Should().BeOfType<RefusedByAdmission>().Subject;
        refusal.Message.Should().Be("the new terms cannot be guaranteed; your current promise stands");
        refusal.Reason.Should().NotBeNullOrWhiteSpace();
        refusal.OfferEnergyWh.Should().BeGreaterThan(5_000).And.BeLessThan(150_000);
        var kept = await host.Get<ChargingRequestRepository>().GetAsync(created.Value.Request.Id);
        kept!.State.Should().Be(ChargingRequestState.Accepted);
        kept.EnergyRequestedWh.Should().Be(5_000);

        var changed = await desk.ChangeAsync(kept, new RequestChange(8_000, null), CancellationToken.None);

        changed.Value.Request.State.Should().Be(ChargingRequestState.Accepted);
        changed.Value.Request.EnergyRequestedWh.Should().Be(8_000);
        // The change is recorded as a new request; the old one is closed (the endpoints read it afresh, as here).
        changed.Value.Request.Id.Should().NotBe(kept.Id);
        var replaced = await host.Get<ChargingRequestRepository>().GetAsync(kept.Id);
        (await desk.ChangeAsync(replaced!, new RequestChange(6_000, null), CancellationToken.None)).Failure
            .Should().Be(new Conflict("this request is cancelled: make a new one"));
    }

    [Fact]
    public async Task Refuses_an_unknown_charger_a_departure_outside_the_horizon_and_a_connector_in_use_and_stores_nothing_for_them()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap);
        var desk = host.Get<ChargingRequestDesk>();
        var ada = await SignUpAsync(host, "ada", "TAG-ADA");
        var bob = await SignUpAsync(host, "bob", "TAG-BOB");
        var later = DateTimeOffset.UtcNow.AddHours(3);

        (await desk.CreateAsync(Terms(ada, 5_000, later, "NOPE"), CancellationToken.None)).Failure
            .Should().Be(new NotFound("unknown charge point 'NOPE': check the id on the charger's label"));
        (await desk.CreateAsync(Terms(ada, 5_000, DateTimeOffset.UtcNow.AddMinutes(-5)), CancellationToken.None)).Failure
            .Should().Be(new InvalidInput("departure", "the departure is in the past: pick a later time"));
        (await desk.CreateAsync(Terms(ada, 5_000, DateTimeOffset.UtcNow.AddDays(3)), CancellationToken.None)).Failure
            .Should().BeOfType<InvalidInput>().Which.Message.Should().EndWith("UTC (the planning horizon)");
        (await host.Get<ChargingRequestRepository>().ListOpenAsync()).Should().BeEmpty();

        var adas = (await desk.CreateAsync(Terms(ada, 5_000, later), CancellationToken.None)).Value.Request;

        (await desk.CreateAsync(Terms(bob, 5_000, later), CancellationToken.None)).Failure
            .Should().Be(new Conflict("this charge point is in use by another driver: pick another connector"));
        (await desk.CreateAsync(Terms(ada, 5_000, later), CancellationToken.None)).Failure
            .Should().Be(new Conflict($"you already have request {adas.Id} on this connector: change or cancel it"));
        (await host.Get<ChargingRequestRepository>().ListOpenAsync()).Should().ContainSingle().Which.Id.Should().Be(adas.Id);
    }

    [Fact]
    public async Task Cancelling_closes_the_request_once_and_only_a_counter_offered_request_has_offers_to_take()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap);
        var desk = host.Get<ChargingRequestDesk>();
        var ada = await SignUpAsync(host, "ada", "TAG-ADA");
        var accepted = (await desk.CreateAsync(Terms(ada, 5_000, DateTimeOffset.UtcNow.AddHours(3)), CancellationToken.None)).Value.Request;

        (await desk.TakeOfferAsync(accepted, CounterOfferChoice.Energy, CancellationToken.None)).Failure
            .Should().Be(new Conflict("this request has no counter-offer to take"));
        (await desk.DeclineAsync(accepted, CancellationToken.None)).Failure
            .Should().Be(new Conflict("only a counter-offered request can be declined"));

        var cancelled = await desk.CancelAsync(accepted, CancellationToken.None);

        cancelled.Value.Request.State.Should().Be(ChargingRequestState.Cancelled);
        cancelled.Value.Hold.Should().BeNull();
        (await desk.CancelAsync(cancelled.Value.Request, CancellationToken.None)).Failure
            .Should().Be(new Conflict("this request is already cancelled"));
    }

    [Fact]
    public async Task Accounts_name_the_field_they_refuse_and_sign_in_does_not_say_which_credential_was_wrong()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap);
        var accounts = host.Get<UserAccounts>();
        await SignUpAsync(host, "ada", "TAG-ADA");

        (await accounts.SignUpAsync(new SignUpBody { Login = "bob", Password = "short", IdTag = "TAG-BOB" }, CancellationToken.None)).Failure
            .Should().BeOfType<InvalidInput>().Which.Field.Should().Be("password");
        (await accounts.SignUpAsync(new SignUpBody { Login = "b", Password = "long enough pass", IdTag = "TAG-B" }, CancellationToken.None)).Failure
            .Should().BeOfType<InvalidInput>().Which.Field.Should().Be("login");
        // A card conflicts once it is bound (presented or bound by an operator); a pending claim does not (0241).
        (await host.Get<CardBinding>().BindByOperatorAsync("ada", "TAG-ADA", "test operator", CancellationToken.None)).Failure.Should().BeNull();
        (await accounts.SignUpAsync(new SignUpBody { Login = "bob", Password = "long enough pass", IdTag = "TAG-ADA" }, CancellationToken.None)).Failure
            .Should().Be(new Conflict("this card belongs to another account; if it is yours, ask the site's operator"));
        (await accounts.SignUpAsync(new SignUpBody { Login = "ada", Password = "long enough pass", IdTag = "TAG-X" }, CancellationToken.None)).Failure
            .Should().Be(new Conflict("the login 'ada' is taken"));
        (await host.Get<UserRepository>().GetByLoginAsync("bob")).Should().BeNull();

        var signedIn = await accounts.SignInAsync(new SignInBody { Login = "ada", Password = "long enough pass" }, CancellationToken.None);
        signedIn.Value.Login.Should().Be("ada");
        signedIn.Value.ExpiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow + UserAccounts.TokenLifetime, TimeSpan.FromMinutes(1));
        var wrongPassword = await accounts.SignInAsync(new SignInBody { Login = "ada", Password = "wrong horse battery" }, CancellationToken.None);
        var unknownLogin = await accounts.SignInAsync(new SignInBody { Login = "nobody", Password = "long enough pass" }, CancellationToken.None);
        wrongPassword.Failure.Should().Be(new CredentialsRejected("wrong login or password")).And.Be(unknownLogin.Failure);
    }
}
