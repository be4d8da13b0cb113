using System.Numerics;
using Nethereum.Contracts;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Tests;

public sealed class ContractTests(ChainFixture chain) : IClassFixture<ChainFixture>
{
    [Fact]
    public async Task Deploys_all_contracts_with_code_and_the_token_minted_only_by_settlement()
    {
        foreach (var (name, address) in chain.Addresses.All)
        {
            var code = await chain.Operator.Web3.Eth.GetCode.SendRequestAsync(address);
            code.Length.Should().BeGreaterThan(2, $"{name} must have code");
        }

        chain.Addresses.ChainId.Should().Be(31337);
        (await chain.Settlement(chain.Operator).TokenAddressAsync()).Should().BeEquivalentTo(chain.Addresses.FlexToken);
    }

    [Fact]
    public async Task Records_a_slot_batch_and_reads_its_rows_back_from_events()
    {
        var rows = Enumerable.Range(1, 10)
            .Select(i => new PackedStatusRow((uint)i, AssetStatusCode.Charging, 7_000 + i, -(i * 10), (uint)(i * 1000), (uint)(i * 60)))
            .ToList();

        var receipt = await chain.Status(chain.Operator).RecordSlotAsync(1001, 1, ChainFixture.Hash(3), ChainFixture.Hash(4), rows);

        receipt.Status.Value.Should().Be(1);
        (await chain.Status(chain.Operator).GetStatusRowsAsync(1001)).Should().Equal(rows);
        var commitment = (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(1001)).Should().ContainSingle().Subject;
        commitment.AlgorithmVersion.Should().Be(1);
        commitment.InputHash.Should().Equal(ChainFixture.Hash(3));
        commitment.OutputHash.Should().Equal(ChainFixture.Hash(4));
        commitment.RowCount.Should().Be(10);
        (await chain.Status(chain.Operator).IsSlotRecordedAsync(1001)).Should().BeTrue();
    }

    [Fact]
    public async Task Resending_a_slot_reverts_with_SlotAlreadyRecorded_and_changes_nothing()
    {
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };
        await chain.Status(chain.Operator).RecordSlotAsync(2002, 1, ChainFixture.Hash(5), ChainFixture.Hash(6), rows);

        var resend = () => chain.Status(chain.Operator).RecordSlotAsync(2002, 1, ChainFixture.Hash(7), ChainFixture.Hash(8), rows);

        (await resend.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<SlotAlreadyRecordedError>().Should().BeTrue();
        await chain.Operator.ResetNonceAsync();
        var commitment = (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(2002)).Should().ContainSingle().Subject;
        commitment.InputHash.Should().Equal(ChainFixture.Hash(5));
    }

    [Fact]
    public async Task A_slot_naming_an_unpublished_algorithm_is_rejected()
    {
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };

        var record = () => chain.Status(chain.Operator).RecordSlotAsync(3003, 99, ChainFixture.Hash(1), ChainFixture.Hash(1), rows);

        (await record.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<UnknownAlgorithmVersionError>().Should().BeTrue();
        await chain.Operator.ResetNonceAsync();
    }

    [Fact]
    public async Task Settles_a_session_once_storing_the_bill_and_minting_tokens_to_the_user()
    {
        var user = Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
        var sessionId = ChainIds.SessionId("cp-1/tx-42");
        var session = new SessionSettlementStruct { SessionId = sessionId, User = user, EnergyWh = 12_345, FlexibilityWhH = 20_000 };

        await chain.Settlement(chain.Operator).SettleAsync([session]);
        await chain.Settlement(chain.Operator).SettleAsync([session]);

        var bill = await chain.Settlement(chain.Operator).GetBillAsync(sessionId);
        bill!.User.Should().BeEquivalentTo(user);
        bill.EnergyWh.Should().Be(12_345);
        bill.BillMilliCents.Should().Be(12_345UL * 30, "12.345 kWh at 30 ct/kWh is 370.35 ct");
        (await chain.Token(chain.Operator).BalanceOfAsync(user)).Should().Be(BigInteger.Pow(10, 18) * 20, "20 kWh·h at 1 token per kWh·h");
        (await chain.Settlement(chain.Operator).GetSettledEventsAsync(sessionId)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_stranger_can_neither_write_status_nor_settle_nor_mint_nor_register()
    {
        var user = chain.Stranger.Address;
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };
        var session = new SessionSettlementStruct { SessionId = ChainIds.SessionId("stranger"), User = user, EnergyWh = 1, FlexibilityWhH = 1_000_000 };

        var attempts = new Func<Task>[]
        {
            () => chain.Status(chain.Stranger).RecordSlotAsync(4004, 1, ChainFixture.Hash(1), ChainFixture.Hash(1), rows),
            () => chain.Settlement(chain.Stranger).SettleAsync([session]),
            () => chain.Registry(chain.Stranger).UpsertPvInverterAsync(new PvInverterStruct { InverterId = "pv-x", PeakPowerW = 1 }),
            () => chain.Algorithms(chain.Stranger).PublishAsync(7, ChainFixture.Hash(1), ChainFixture.Hash(1), "x"),
            () => chain.Settlement(chain.Stranger).SetTariffAsync(1),
        };
        foreach (var attempt in attempts)
        {
            (await attempt.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
                .Which.IsCustomErrorFor<AccessControlUnauthorizedAccountError>().Should().BeTrue();
            await chain.Stranger.ResetNonceAsync();
        }

        var mint = () => chain.Token(chain.Stranger).MintAsync(user, 1);
        (await mint.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<NotMinterError>().Should().BeTrue();
        (await chain.Token(chain.Operator).BalanceOfAsync(user)).Should().Be(0);
        (await chain.Status(chain.Operator).IsSlotRecordedAsync(4004)).Should().BeFalse();
    }

    [Fact]
    public void A_packed_row_round_trips_negative_power_and_extreme_values()
    {
        var row = new PackedStatusRow(uint.MaxValue, AssetStatusCode.Faulted, int.MinValue, -1, uint.MaxValue, 0);

        PackedStatusRow.FromWord(row.ToWord()).Should().Be(row);
        (row.ToWord() >> 168).Should().Be(BigInteger.Zero);
    }
}
