using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

public sealed class ApiTokenRepositoryTests : RegisteredSiteTests
{
    private const string OperatorToken = "op-3q2+7w9zXk1L0pQrStUvWxYz";

    private ApiTokenRepository Repository => new(Db);

    [Fact]
    public async Task A_valid_token_yields_its_role_and_an_unknown_one_nothing()
    {
        var id = await Repository.CreateAsync(OperatorToken, ApiTokenRole.Operator, null, "cockpit", null, T0);

        (await Repository.FindValidAsync(OperatorToken, T0.AddDays(400))).Should()
            .Be(new ApiTokenRecord(id, ApiTokenRole.Operator, null, "cockpit", T0, null, null));
        (await Repository.FindValidAsync(OperatorToken + "x", T0)).Should().BeNull();
        (await Repository.FindValidAsync("", T0)).Should().BeNull();
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_their_hash()
    {
        await Repository.CreateAsync(OperatorToken, ApiTokenRole.Operator, null, "cockpit", null, T0);
        await Db.DisposeAsync();
        SqliteConnection.ClearAllPools();

        var bytes = await System.IO.File.ReadAllBytesAsync(File.Path);
        var wal = System.IO.File.Exists(File.Path + "-wal") ? await System.IO.File.ReadAllBytesAsync(File.Path + "-wal") : [];

        System.Text.Encoding.UTF8.GetString(bytes).Should().NotContain(OperatorToken);
        System.Text.Encoding.UTF8.GetString(wal).Should().NotContain(OperatorToken);
    }

    [Fact]
    public async Task Expired_and_revoked_tokens_are_not_valid()
    {
        var users = new UserRepository(Db);
        var ada = await users.CreateAsync("ada", "Ada", null, T0);
        const string UserToken = "user-ada-0123456789abcdef";
        await Repository.CreateAsync(UserToken, ApiTokenRole.User, ada, "app", T0.AddHours(1), T0);
        var viewer = await Repository.CreateAsync("viewer-0123456789abcdef", ApiTokenRole.Viewer, null, "screen", null, T0);

        (await Repository.FindValidAsync(UserToken, T0.AddMinutes(59)))!.UserId.Should().Be(ada);
        (await Repository.FindValidAsync(UserToken, T0.AddHours(1))).Should().BeNull();

        (await Repository.RevokeAsync(viewer, T0)).Should().BeTrue();
        (await Repository.RevokeAsync(viewer, T0)).Should().BeFalse();
        (await Repository.FindValidAsync("viewer-0123456789abcdef", T0)).Should().BeNull();
        (await Repository.ListAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Rejects_short_tokens_and_user_tokens_without_a_user()
    {
        var shortToken = () => Repository.CreateAsync("short", ApiTokenRole.Viewer, null, "x", null, T0);
        var orphan = () => Repository.CreateAsync("user-token-without-user", ApiTokenRole.User, null, "x", null, T0);

        await shortToken.Should().ThrowAsync<ArgumentException>().WithMessage("*at least 16*");
        await orphan.Should().ThrowAsync<ArgumentException>().WithMessage("*must name its user*");
        (await Repository.ListAsync()).Should().BeEmpty();
    }
}
