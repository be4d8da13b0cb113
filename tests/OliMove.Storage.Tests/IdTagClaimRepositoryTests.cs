namespace OliMove.Storage.Tests;

/// <summary>Claims on cards (migration 0009): open until they expire, never a binding by themselves.</summary>
public sealed class IdTagClaimRepositoryTests : RegisteredSiteTests
{
    private UserRepository Users => new(Db);

    private IdTagClaimRepository Claims => new(Db);

    [Fact]
    public async Task A_claim_is_open_until_it_expires_and_makes_the_card_nobodys()
    {
        var ada = await Users.CreateAsync("ada", "Ada", null, T0);
        await Claims.ClaimAsync(ada, "CARD-1", T0, T0.AddMinutes(10));

        (await Claims.ListOpenForIdTagAsync("card-1", T0.AddMinutes(9))).Should().ContainSingle()
            .Which.Should().Be(new IdTagClaim("CARD-1", ada, T0, T0.AddMinutes(10)), "idTags compare case-insensitively");
        (await Claims.ListOpenForUserAsync(ada, T0.AddMinutes(9))).Should().ContainSingle();
        (await Claims.ListOpenForIdTagAsync("CARD-1", T0.AddMinutes(10))).Should().BeEmpty("the window has ended");
        (await Users.GetByIdTagAsync("CARD-1")).Should().BeNull("a claim is not a binding");
    }

    [Fact]
    public async Task Claiming_again_renews_the_window_and_two_users_may_claim_one_card()
    {
        var ada = await Users.CreateAsync("ada", "Ada", null, T0);
        var bob = await Users.CreateAsync("bob", "Bob", null, T0);
        await Claims.ClaimAsync(ada, "CARD-1", T0, T0.AddMinutes(10));
        await Claims.ClaimAsync(ada, "CARD-1", T0.AddMinutes(5), T0.AddMinutes(15));
        await Claims.ClaimAsync(bob, "card-1", T0.AddMinutes(6), T0.AddMinutes(16));

        var open = await Claims.ListOpenForIdTagAsync("CARD-1", T0.AddMinutes(12));
        open.Select(c => c.UserId).Should().Equal(ada, bob);
        open[0].ExpiresAt.Should().Be(T0.AddMinutes(15));
    }

    [Fact]
    public async Task Binding_records_its_proof_and_ends_every_claim_on_the_card()
    {
        var ada = await Users.CreateAsync("ada", "Ada", null, T0);
        var bob = await Users.CreateAsync("bob", "Bob", null, T0);
        await Claims.ClaimAsync(ada, "CARD-1", T0, T0.AddMinutes(10));
        await Claims.ClaimAsync(bob, "CARD-1", T0, T0.AddMinutes(10));

        await Db.WriteAsync(async scope =>
        {
            (await Users.BindIdTagAsync(scope, ada, "CARD-1", "presented:CP-1", T0.AddMinutes(1))).Should().BeTrue();
            (await Claims.RemoveAllForIdTagAsync(scope, "card-1")).Should().Be(2);
        });

        (await Users.GetByIdTagAsync("CARD-1"))!.Id.Should().Be(ada);
        (await Users.ListBoundIdTagsAsync(ada)).Should().Equal(new BoundIdTag("CARD-1", "presented:CP-1", T0.AddMinutes(1)));
        (await Claims.ListOpenForIdTagAsync("CARD-1", T0.AddMinutes(2))).Should().BeEmpty();
        (await Claims.ListOpenForUserAsync(bob, T0.AddMinutes(2))).Should().BeEmpty();
    }
}
