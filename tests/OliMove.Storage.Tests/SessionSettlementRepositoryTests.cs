using System.Numerics;

namespace OliMove.Storage.Tests;

public sealed class SessionSettlementRepositoryTests : RegisteredSiteTests
{
    private SessionSettlementRepository Repository => new(Db);

    private async Task<long> StoppedTransactionAsync(string idTag = "TAG-1")
    {
        var transactions = new TransactionRepository(Db);
        var id = (await transactions.StartAsync(new NewTransaction("CP-1", 1, idTag, 1000, T0))).TransactionId;
        await transactions.StopAsync(id, 21_000, T0.AddHours(4), "EVDisconnected");
        return id;
    }

    [Fact]
    public async Task Records_a_settlement_once_with_tokens_beyond_64_bits()
    {
        var tx = await StoppedTransactionAsync();
        var tokens = BigInteger.Parse("123456789012345678901234567890");
        var settlement = new SessionSettlement(tx, 20_000, 640, "EUR", 37.5, tokens, T0.AddHours(4));

        (await Repository.RecordAsync(settlement)).Should().BeTrue();
        (await Repository.RecordAsync(settlement with { BillMinorUnits = 1 })).Should().BeFalse();

        (await Repository.GetAsync(tx)).Should().Be(settlement);
    }

    [Fact]
    public async Task Settlement_and_its_outbox_row_commit_together()
    {
        var tx = await StoppedTransactionAsync();
        var outbox = new ChainOutboxRepository(Db);

        await Db.WriteAsync(async scope =>
        {
            await Repository.RecordAsync(scope, new SessionSettlement(tx, 20_000, 640, "EUR", 37.5, 375, T0));
            await outbox.EnqueueAsync(scope, "settlement", $"settlement:{tx}", "{}", T0);
        });

        (await Repository.GetAsync(tx)).Should().NotBeNull();
        (await outbox.GetByKeysAsync([$"settlement:{tx}"])).Should().ContainSingle();
    }

    [Fact]
    public async Task Lists_a_users_settlements_through_their_idTags()
    {
        var users = new UserRepository(Db);
        var ada = await users.CreateAsync("ada", "Ada", null, T0);
        await users.AddIdTagAsync(ada, "TAG-ADA", T0);
        var adas = await StoppedTransactionAsync("tag-ada");
        var other = await StoppedTransactionAsync("TAG-BOB");
        await Repository.RecordAsync(new SessionSettlement(adas, 1, 1, "EUR", 0, 0, T0));
        await Repository.RecordAsync(new SessionSettlement(other, 1, 1, "EUR", 0, 0, T0));

        (await Repository.ListByUserAsync(ada, 10)).Select(s => s.TransactionId).Should().Equal(adas);
    }

    [Fact]
    public async Task Rejects_bad_values_and_unknown_transactions()
    {
        var tx = await StoppedTransactionAsync();

        var currency = () => Repository.RecordAsync(new SessionSettlement(tx, 1, 1, "euro", 0, 0, T0));
        var negativeTokens = () => Repository.RecordAsync(new SessionSettlement(tx, 1, 1, "EUR", 0, -1, T0));
        var unknown = () => Repository.RecordAsync(new SessionSettlement(tx + 1, 1, 1, "EUR", 0, 0, T0));

        await currency.Should().ThrowAsync<ArgumentException>().WithMessage("*ISO 4217*");
        await negativeTokens.Should().ThrowAsync<ArgumentException>().WithMessage("*Tokens cannot be negative*");
        await unknown.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>().WithMessage("*FOREIGN KEY*");
        (await Repository.GetAsync(tx)).Should().BeNull();
    }
}
