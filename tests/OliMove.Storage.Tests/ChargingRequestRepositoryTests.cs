namespace OliMove.Storage.Tests;

public sealed class ChargingRequestRepositoryTests : RegisteredSiteTests
{
    private ChargingRequestRepository Repository => new(Db);

    private async Task<long> UserAsync(string login = "ada") => await new UserRepository(Db).CreateAsync(login, login, null, T0);

    private static NewChargingRequest OptIn(long user, int connector = 1) =>
        new(user, "CP-1", connector, true, 20_000, T0.AddHours(8), 60_000, 35);

    [Fact]
    public async Task Creates_a_pending_request_with_everything_the_user_said()
    {
        var ada = await UserAsync();

        var created = await Repository.CreateAsync(OptIn(ada), T0);

        created.Should().Be(new ChargingRequestRecord(created.Id, ada, "CP-1", 1, null, true, 20_000, T0.AddHours(8), 60_000, 35,
            ChargingRequestState.Pending, null, null, T0, T0));
        (await Repository.GetAsync(created.Id)).Should().Be(created);
        (await Repository.GetOpenForConnectorAsync("CP-1", 1)).Should().Be(created);
    }

    [Fact]
    public async Task A_connector_has_one_open_request_at_a_time()
    {
        var ada = await UserAsync();
        var bob = await UserAsync("bob");
        var first = await Repository.CreateAsync(OptIn(ada), T0);

        var second = () => Repository.CreateAsync(OptIn(bob), T0);

        (await second.Should().ThrowAsync<ConnectorHasOpenRequestException>()).Which.OpenRequestId.Should().Be(first.Id);
        (await Repository.CreateAsync(OptIn(bob, connector: 2), T0)).State.Should().Be(ChargingRequestState.Pending);

        await Repository.CancelAsync(first.Id, T0.AddMinutes(1));
        (await Repository.CreateAsync(OptIn(bob), T0.AddMinutes(2))).UserId.Should().Be(bob);
    }

    [Fact]
    public async Task Walks_the_happy_path_pending_accepted_active_completed()
    {
        var ada = await UserAsync();
        var tx = (await new TransactionRepository(Db).StartAsync(new NewTransaction("CP-1", 1, "TAG", 0, T0))).TransactionId;
        var id = (await Repository.CreateAsync(OptIn(ada), T0)).Id;

        (await Repository.AcceptAsync(id, T0.AddSeconds(1))).State.Should().Be(ChargingRequestState.Accepted);
        var active = await Repository.ActivateAsync(id, tx, T0.AddSeconds(2));
        active.TransactionId.Should().Be(tx);
        (await Repository.GetByTransactionAsync(tx))!.Id.Should().Be(id);
        var completed = await Repository.CompleteAsync(id, T0.AddHours(3));

        completed.State.Should().Be(ChargingRequestState.Completed);
        completed.UpdatedAt.Should().Be(T0.AddHours(3));
        completed.IsOpen.Should().BeFalse();
        (await Repository.ListOpenAsync()).Should().BeEmpty();
        (await Repository.ListByUserAsync(ada, 10)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_counter_offer_can_be_taken_by_revising_the_terms()
    {
        var ada = await UserAsync();
        var id = (await Repository.CreateAsync(OptIn(ada), T0)).Id;

        var offered = await Repository.CounterOfferAsync(id, 15_000, T0.AddHours(10), T0.AddSeconds(1));
        offered.State.Should().Be(ChargingRequestState.CounterOffered);
        offered.CounterOfferEnergyWh.Should().Be(15_000);
        offered.CounterOfferDeparture.Should().Be(T0.AddHours(10));

        var revised = await Repository.ReviseAsync(id, 15_000, T0.AddHours(8), T0.AddMinutes(1));

        revised.State.Should().Be(ChargingRequestState.Pending);
        revised.EnergyRequestedWh.Should().Be(15_000);
        revised.CounterOfferEnergyWh.Should().BeNull();
        revised.CounterOfferDeparture.Should().BeNull();
        (await Repository.AcceptAsync(id, T0.AddMinutes(2))).State.Should().Be(ChargingRequestState.Accepted);
    }

    [Fact]
    public async Task Illegal_transitions_throw_and_change_nothing_while_repeats_are_harmless()
    {
        var ada = await UserAsync();
        var id = (await Repository.CreateAsync(OptIn(ada), T0)).Id;
        await Repository.DeclineAsync(id, T0.AddSeconds(1));

        var accept = () => Repository.AcceptAsync(id, T0.AddSeconds(2));

        await accept.Should().ThrowAsync<InvalidOperationException>().WithMessage("*is Declined; it cannot become Accepted*");
        var again = await Repository.DeclineAsync(id, T0.AddSeconds(3));
        again.State.Should().Be(ChargingRequestState.Declined);
        again.UpdatedAt.Should().Be(T0.AddSeconds(1), "repeating the last transition changes nothing");
        var missing = () => Repository.CancelAsync(id + 1, T0);
        await missing.Should().ThrowAsync<KeyNotFoundException>();
    }

    [Fact]
    public async Task Rejects_inconsistent_requests()
    {
        var ada = await UserAsync();

        var noDeparture = () => Repository.CreateAsync(OptIn(ada) with { Departure = null }, T0);
        var past = () => Repository.CreateAsync(OptIn(ada) with { Departure = T0 }, T0);
        var soc = () => Repository.CreateAsync(OptIn(ada) with { StartSocPercent = 120 }, T0);
        var energy = () => Repository.CreateAsync(OptIn(ada) with { EnergyRequestedWh = 0 }, T0);

        await noDeparture.Should().ThrowAsync<ArgumentException>().WithMessage("*needs the energy requested and the departure*");
        await past.Should().ThrowAsync<ArgumentException>().WithMessage("*not in the future*");
        await soc.Should().ThrowAsync<ArgumentException>().WithMessage("*between 0 and 100*");
        await energy.Should().ThrowAsync<ArgumentException>().WithMessage("*positive number of Wh*");
        (await Repository.ListOpenAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_without_opt_in_needs_no_energy_or_departure()
    {
        var ada = await UserAsync();

        var created = await Repository.CreateAsync(new NewChargingRequest(ada, "CP-2", 1, false, null, null, null, null), T0);

        created.OptIn.Should().BeFalse();
        created.EnergyRequestedWh.Should().BeNull();
    }
}
