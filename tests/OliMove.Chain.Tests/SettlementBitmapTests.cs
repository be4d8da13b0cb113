using Nethereum.Contracts;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// Decision 0340: ChargingSettlement keeps one bit per (site, transaction number) in words of 255 sessions,
/// pre-allocated by `chain join` and by the outbox writer ahead of the numbers it settles; the session's details
/// live only in its Settled event. Real contracts on anvil.
/// </summary>
public sealed class SettlementBitmapTests(ChainFixture chain) : IClassFixture<ChainFixture>
{
    [Fact]
    public async Task Joining_allocates_the_first_four_words_once()
    {
        var site = new ChainSite("bitmap-join");
        var operatorAccount = SampleSite.NewUser();
        var joiner = new SiteJoiner(chain.Admin.Web3, chain.Addresses);

        var first = await joiner.JoinAsync(site, operatorAccount, "Bitmap join");
        var again = await joiner.JoinAsync(site, operatorAccount, "Bitmap join");

        first.SettlementsAllocatedThrough.Should().Be(4 * ChainIds.SessionsPerWord - 1, "sessions 1–1,019");
        again.SettlementsAllocatedThrough.Should().Be(first.SettlementsAllocatedThrough, "a second join allocates nothing more");
        (await chain.Settlement(chain.Operator).AllocatedThroughAsync(site.Id)).Should().Be(1_019);
    }

    [Fact]
    public async Task Sessions_either_side_of_a_word_boundary_are_settled_each_once_and_only_their_own_bit_is_set()
    {
        var settlement = chain.Settlement(chain.Operator);
        var users = Enumerable.Range(0, 3).Select(_ => SampleSite.NewUser()).ToList();
        // 254 is word 0's last session, 255 word 1's first.
        ulong[] numbers = [254, 255, 256];
        await settlement.SettleAsync(ChainFixture.SiteId, numbers.Select((n, i) => Session(n, users[i], 2_000, 1_000)).ToList());

        foreach (var n in numbers)
        {
            (await settlement.IsSettledAsync(ChainFixture.SiteId, n)).Should().BeTrue($"session {n} was settled");
        }

        foreach (var n in new ulong[] { 253, 257, 509, 510 })
        {
            (await settlement.IsSettledAsync(ChainFixture.SiteId, n)).Should().BeFalse($"session {n} was not");
        }

        // Sent again with other values: skipped (AlreadySettled), nothing minted, the first Settled event stands.
        var resend = await settlement.SettleAsync(ChainFixture.SiteId, [Session(255, users[0], 9_000, 9_000)]);
        resend.Status.Value.Should().Be(1);
        ContractEvents.InReceipt<AlreadySettledEvent>(resend, settlement.Address, e => e.SessionNumber == 255).Should().BeTrue();
        (await chain.Token(chain.Operator).BalanceOfAsync(users[0])).Should().Be(1_000 * DeploymentSettings.OneTokenPerKWhH, "only session 254's tokens");
        var settled = (await settlement.GetSettlementAsync(ChainFixture.SiteId, 255))!;
        settled.User.Should().BeEquivalentTo(users[1]);
        settled.EnergyWh.Should().Be(2_000);
        settled.BillMilliCents.Should().Be(2_000UL * 30);
        (await settlement.GetSettlementAsync(ChainFixture.SiteId, 257)).Should().BeNull();
    }

    [Fact]
    public async Task Session_number_zero_and_oversized_or_foreign_allocations_are_refused()
    {
        var settlement = chain.Settlement(chain.Operator);
        var zero = () => settlement.SettleAsync(ChainFixture.SiteId, [Session(0, SampleSite.NewUser(), 1_000, 0)]);
        (await zero.Should().ThrowAsync<SmartContractCustomErrorRevertException>()).Which.IsCustomErrorFor<ZeroSessionNumberError>().Should().BeTrue();
        await chain.Operator.ResetNonceAsync();

        foreach (var words in new[] { 0, 65 })
        {
            var allocate = () => settlement.AllocateAsync(ChainFixture.SiteId, 1, words);
            (await allocate.Should().ThrowAsync<SmartContractCustomErrorRevertException>()).Which.IsCustomErrorFor<AllocationTooLargeError>().Should().BeTrue();
            await chain.Operator.ResetNonceAsync();
        }

        var before = await settlement.AllocatedThroughAsync(ChainFixture.SiteId);
        var strangers = new Func<Task>[]
        {
            () => chain.Settlement(chain.Stranger).AllocateAsync(ChainFixture.SiteId, 100_000, 1),
            // Site A's operator has no say over another site's bitmap.
            () => settlement.AllocateAsync(ChainIds.SiteId("site-elsewhere"), 1, 1),
        };
        foreach (var attempt in strangers)
        {
            (await attempt.Should().ThrowAsync<SmartContractCustomErrorRevertException>()).Which.IsCustomErrorFor<AccessControlUnauthorizedAccountError>().Should().BeTrue();
            await chain.Stranger.ResetNonceAsync();
            await chain.Operator.ResetNonceAsync();
        }

        (await settlement.AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be(before);
    }

    [Fact]
    public async Task The_writer_allocates_the_next_words_before_a_batch_reaches_the_last_allocated_one_and_its_first_time_holder_stays_under_80000_gas()
    {
        // A site of its own with its own key: the writer's nonce is not shared with the fixture's operator.
        var site = new ChainSite("bitmap-writer");
        var operatorKey = ChainConnection.Create(chain.Node.RpcUrl, AnvilNode.DevPrivateKeys[3], 31337);
        await new SiteJoiner(chain.Admin.Web3, chain.Addresses).JoinAsync(site, operatorKey.Address, "Bitmap writer");
        await using var outbox = await TempOutbox.CreateAsync();
        var writer = new OutboxWriter(outbox.Repository, operatorKey, chain.Addresses, site, TimeProvider.System,
            new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        var settlement = chain.Settlement(chain.Operator);

        // tx-10 is far from the end of words 0–3 (through 1,019): nothing is allocated.
        await outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-10", SampleSite.NewUser(), 1_000, 1_000)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await settlement.AllocatedThroughAsync(site.Id)).Should().Be(1_019);

        // tx-1000 is in word 3, the last allocated: words 4–7 are allocated before it is settled.
        await outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1000", SampleSite.NewUser(), 1_000, 1_000)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await settlement.AllocatedThroughAsync(site.Id)).Should().Be(8 * ChainIds.SessionsPerWord - 1);
        (await outbox.ItemAsync("settlement-allocation:4")).State.Should().Be(OutboxItemState.Confirmed, "the allocation is an outbox item (decision 0366)");

        // A number past everything allocated (a site that joined with a long history): allocated from its word.
        await outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-50000", SampleSite.NewUser(), 1_000, 1_000)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await settlement.AllocatedThroughAsync(site.Id)).Should().Be((50_000 / ChainIds.SessionsPerWord + 4) * ChainIds.SessionsPerWord - 1);
        (await outbox.ItemAsync($"settlement-allocation:{50_000 / ChainIds.SessionsPerWord}")).State.Should().Be(OutboxItemState.Confirmed);

        foreach (var key in new[] { "tx-10", "tx-1000", "tx-50000" })
        {
            var item = await outbox.ItemAsync($"settlement:{key}");
            item.State.Should().Be(OutboxItemState.Confirmed);
            var receipt = await chain.Admin.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(item.TxHash);
            ((long)receipt.GasUsed.Value).Should().BeLessThanOrEqualTo(80_000, $"{key} to a first-time holder rewrites an allocated word");
        }
    }

    private static SessionSettlementStruct Session(ulong number, string user, uint energyWh, uint flexibilityWhH) =>
        new() { SessionNumber = number, User = user, EnergyWh = energyWh, FlexibilityWhH = flexibilityWhH };
}
