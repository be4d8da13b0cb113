namespace OliMove.Storage.Tests;

public sealed class SiteIdentityRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly ChainBinding Deployment = new(31337, "0xA1", "0xA2", "0xA3", "0xA4", "0xA5");
    private readonly TempDatabaseFile _file = new();

    // xunit 2 disposes a test class through IAsyncLifetime, not IAsyncDisposable.
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _file.DisposeAsync();

    [Fact]
    public async Task Binds_a_new_database_to_its_site_and_chain_once_and_accepts_them_on_every_start()
    {
        var repository = new SiteIdentityRepository(await _file.OpenAsync());

        var first = await repository.BindAsync("site-a", Deployment, T0);
        var again = await repository.BindAsync("site-a", Deployment with { AssetRegistry = "0xa1" }, T0.AddDays(1));

        first.Should().Be(new SiteIdentity("site-a", T0, Deployment, T0));
        again.Should().Be(first, "addresses compare case-insensitively and nothing is rewritten");
        (await repository.BindAsync("site-a", null, T0.AddDays(2))).Should().Be(first, "a start without a chain keeps the binding");
    }

    [Fact]
    public async Task A_database_restored_onto_another_site_is_refused_with_both_site_ids_and_nothing_changes()
    {
        var repository = new SiteIdentityRepository(await _file.OpenAsync());
        await repository.BindAsync("site-a", Deployment, T0);

        var other = () => repository.BindAsync("site-b", Deployment, T0.AddDays(1));

        (await other.Should().ThrowAsync<SiteIdentityMismatchException>())
            .Which.Message.Should().Contain("belongs to site 'site-a'").And.Contain("site 'site-b'");
        (await repository.GetAsync())!.SiteId.Should().Be("site-a");
    }

    [Fact]
    public async Task A_database_pointed_at_another_deployment_or_chain_is_refused()
    {
        var repository = new SiteIdentityRepository(await _file.OpenAsync());
        await repository.BindAsync("site-a", Deployment, T0);

        foreach (var other in new[] { Deployment with { ChargingSettlement = "0xB4" }, Deployment with { ChainId = 1 } })
        {
            var start = () => repository.BindAsync("site-a", other, T0.AddDays(1));
            (await start.Should().ThrowAsync<SiteIdentityMismatchException>())
                .Which.Message.Should().Contain("writes to chain 31337").And.Contain("new database");
        }

        (await repository.GetAsync())!.Chain.Should().Be(Deployment);
    }

    [Fact]
    public async Task A_site_that_ran_without_a_chain_is_bound_to_the_first_chain_it_is_given()
    {
        var repository = new SiteIdentityRepository(await _file.OpenAsync());
        await repository.BindAsync("site-a", null, T0);

        var bound = await repository.BindAsync("site-a", Deployment, T0.AddHours(1));

        bound.Should().Be(new SiteIdentity("site-a", T0, Deployment, T0.AddHours(1)));
        var elsewhere = () => repository.BindAsync("site-a", Deployment with { AssetStatus = "0xC3" }, T0.AddHours(2));
        await elsewhere.Should().ThrowAsync<SiteIdentityMismatchException>();
    }
}
