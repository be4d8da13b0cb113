namespace OliMove.Storage.Tests;

public sealed class UserRepositoryTests : RegisteredSiteTests
{
    private UserRepository Repository => new(Db);

    [Fact]
    public async Task Creates_a_user_and_finds_it_by_id_login_and_idTag()
    {
        var id = await Repository.CreateAsync("ada@example.org", "Ada", "argon2$hash", T0);
        await Repository.AddIdTagAsync(id, "RFID-0001", T0);

        var expected = new UserRecord(id, "ada@example.org", "Ada", "argon2$hash", null, null, T0);
        (await Repository.GetAsync(id)).Should().Be(expected);
        (await Repository.GetByLoginAsync("ADA@example.org")).Should().Be(expected);
        (await Repository.GetByIdTagAsync("rfid-0001")).Should().Be(expected, "OCPP idTags are CiString20Type");
        (await Repository.GetByIdTagAsync("RFID-9999")).Should().BeNull();
    }

    [Fact]
    public async Task Logins_are_unique()
    {
        await Repository.CreateAsync("ada@example.org", "Ada", null, T0);

        var act = () => Repository.CreateAsync("Ada@Example.org", "Other Ada", null, T0);

        await act.Should().ThrowAsync<LoginTakenException>().WithMessage("*Ada@Example.org*already exists*");
    }

    [Fact]
    public async Task An_idTag_belongs_to_at_most_one_user()
    {
        var ada = await Repository.CreateAsync("ada", "Ada", null, T0);
        var bob = await Repository.CreateAsync("bob", "Bob", null, T0);
        (await Repository.AddIdTagAsync(ada, "TAG-1", T0)).Should().BeTrue();

        (await Repository.AddIdTagAsync(ada, "tag-1", T0)).Should().BeFalse("linking again to the same user is a no-op");
        var steal = () => Repository.AddIdTagAsync(bob, "TAG-1", T0);

        (await steal.Should().ThrowAsync<IdTagTakenException>()).Which.OwnerUserId.Should().Be(ada);
        (await Repository.ListIdTagsAsync(bob)).Should().BeEmpty();
        (await Repository.ListIdTagsAsync(ada)).Should().Equal("TAG-1");
    }

    [Fact]
    public async Task An_idTag_can_move_to_another_user_once_released()
    {
        var ada = await Repository.CreateAsync("ada", "Ada", null, T0);
        var bob = await Repository.CreateAsync("bob", "Bob", null, T0);
        await Repository.AddIdTagAsync(ada, "TAG-1", T0);

        (await Repository.RemoveIdTagAsync(bob, "TAG-1")).Should().BeFalse("it is not Bob's");
        (await Repository.RemoveIdTagAsync(ada, "TAG-1")).Should().BeTrue();
        (await Repository.AddIdTagAsync(bob, "TAG-1", T0)).Should().BeTrue();

        (await Repository.GetByIdTagAsync("TAG-1"))!.Id.Should().Be(bob);
    }

    [Fact]
    public async Task Rejects_an_idTag_longer_than_OCPP_allows()
    {
        var ada = await Repository.CreateAsync("ada", "Ada", null, T0);

        var act = () => Repository.AddIdTagAsync(ada, new string('X', 21), T0);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*20 characters*");
    }

    [Fact]
    public async Task Stores_the_wallet_password_hash_and_display_name_as_given()
    {
        var id = await Repository.CreateAsync("ada", "Ada", null, T0);

        await Repository.SetWalletAsync(id, "0x00000000000000000000000000000000000000aa", "{\"crypto\":{\"kdf\":\"scrypt\"}}");
        await Repository.SetPasswordHashAsync(id, "argon2$new");
        await Repository.SetDisplayNameAsync(id, "Ada L.");

        var user = (await Repository.GetAsync(id))!;
        user.WalletAddress.Should().Be("0x00000000000000000000000000000000000000aa");
        user.KeystoreJson.Should().Be("{\"crypto\":{\"kdf\":\"scrypt\"}}");
        user.PasswordHash.Should().Be("argon2$new");
        user.DisplayName.Should().Be("Ada L.");
    }

    [Fact]
    public async Task Updating_an_unknown_user_throws()
    {
        var act = () => Repository.SetDisplayNameAsync(404, "Nobody");

        await act.Should().ThrowAsync<KeyNotFoundException>().WithMessage("*404*");
    }
}
