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

        var receipt = await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 1001, 1, ChainFixture.Hash(3), ChainFixture.Hash(4), rows);

        receipt.Status.Value.Should().Be(1);
        (await chain.Status(chain.Operator).GetStatusRowsAsync(ChainFixture.SiteId, 1001)).Should().Equal(rows);
        var commitment = (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 1001)).Should().ContainSingle().Subject;
        commitment.AlgorithmVersion.Should().Be(1);
        commitment.InputHash.Should().Equal(ChainFixture.Hash(3));
        commitment.OutputHash.Should().Equal(ChainFixture.Hash(4));
        commitment.RowCount.Should().Be(10);
        (await chain.Status(chain.Operator).IsSlotRecordedAsync(ChainFixture.SiteId, 1001)).Should().BeTrue();
    }

    [Fact]
    public async Task Resending_a_slot_reverts_with_SlotAlreadyRecorded_and_changes_nothing()
    {
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };
        await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 2002, 1, ChainFixture.Hash(5), ChainFixture.Hash(6), rows);

        var resend = () => chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 2002, 1, ChainFixture.Hash(7), ChainFixture.Hash(8), rows);

        (await resend.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<SlotAlreadyRecordedError>().Should().BeTrue();
        await chain.Operator.ResetNonceAsync();
        var commitment = (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 2002)).Should().ContainSingle().Subject;
        commitment.InputHash.Should().Equal(ChainFixture.Hash(5));
    }

    [Fact]
    public async Task A_slot_naming_an_unpublished_algorithm_is_rejected()
    {
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };

        var record = () => chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 3003, 99, ChainFixture.Hash(1), ChainFixture.Hash(1), rows);

        (await record.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<UnknownAlgorithmVersionError>().Should().BeTrue();
        await chain.Operator.ResetNonceAsync();
    }

    [Fact]
    public async Task Settles_a_session_once_emitting_the_bill_and_minting_tokens_to_the_user()
    {
        var user = Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
        var sessionNumber = ChainIds.SessionNumber("tx-42");
        var session = new SessionSettlementStruct { SessionNumber = sessionNumber, User = user, EnergyWh = 12_345, FlexibilityWhH = 20_000 };

        await chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId, [session]);
        await chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId, [session]);

        var bill = await chain.Settlement(chain.Operator).GetSettlementAsync(ChainFixture.SiteId, sessionNumber);
        bill!.User.Should().BeEquivalentTo(user);
        bill.EnergyWh.Should().Be(12_345);
        bill.BillMilliCents.Should().Be(12_345UL * 30, "12.345 kWh at 30 ct/kWh is 370.35 ct");
        (await chain.Token(chain.Operator).BalanceOfAsync(user)).Should().Be(BigInteger.Pow(10, 18) * 20, "20 kWh·h at 1 token per kWh·h");
        (await chain.Settlement(chain.Operator).GetSettledEventsAsync(ChainFixture.SiteId, sessionNumber)).Should().ContainSingle("the resend is skipped with AlreadySettled");
        (await chain.Settlement(chain.Operator).IsSettledAsync(ChainFixture.SiteId, sessionNumber)).Should().BeTrue();
        (await chain.Settlement(chain.Operator).IsSettledAsync(ChainFixture.SiteId, sessionNumber + 1)).Should().BeFalse();
    }

    [Fact]
    public async Task A_stranger_can_neither_write_status_nor_settle_nor_mint_nor_register()
    {
        var user = chain.Stranger.Address;
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };
        var session = new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-4004"), User = user, EnergyWh = 1, FlexibilityWhH = 1 };

        var attempts = new Func<Task>[]
        {
            () => chain.Status(chain.Stranger).RecordSlotAsync(ChainFixture.SiteId, 4004, 1, ChainFixture.Hash(1), ChainFixture.Hash(1), rows),
            () => chain.Settlement(chain.Stranger).SettleAsync(ChainFixture.SiteId, [session]),
            () => chain.Registry(chain.Stranger).UpsertPvInverterAsync(ChainFixture.SiteId, new PvInverterStruct { InverterId = "pv-x", PeakPowerW = 1 }),
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
        (await chain.Status(chain.Operator).IsSlotRecordedAsync(ChainFixture.SiteId, 4004)).Should().BeFalse();
    }

    [Fact]
    public async Task The_operator_can_record_register_and_settle_but_not_set_the_tariff_grant_roles_mint_or_register_sites()
    {
        var attempts = new Func<Task>[]
        {
            () => chain.Settlement(chain.Operator).SetTariffAsync(1),
            () => chain.Settlement(chain.Operator).SetTokenRateAsync(BigInteger.Pow(10, 20)),
            () => chain.Settlement(chain.Operator).SetBoundsAsync(60_000, uint.MaxValue),
            () => chain.Settlement(chain.Operator).GrantRoleAsync(ChainIds.OperatorRole, chain.Stranger.Address),
            () => chain.Status(chain.Operator).GrantRoleAsync(ChainIds.AdminRole, chain.Operator.Address),
            () => chain.Registry(chain.Operator).RegisterSiteAsync(ChainIds.SiteId("site-z"), chain.Operator.Address, "mine now"),
        };
        foreach (var attempt in attempts)
        {
            (await attempt.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
                .Which.IsCustomErrorFor<AccessControlUnauthorizedAccountError>().Should().BeTrue();
            await chain.Operator.ResetNonceAsync();
        }

        var mint = () => chain.Token(chain.Operator).MintAsync(chain.Operator.Address, 1);
        (await mint.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<NotMinterError>().Should().BeTrue();
        await chain.Operator.ResetNonceAsync();
        (await chain.Settlement(chain.Operator).GetRatesAsync()).Should().Be(
            new SettlementRates(30, DeploymentSettings.OneTokenPerKWhH, DeploymentSettings.DefaultLaxityCapMinutes, DeploymentSettings.DefaultMaxEnergyWhPerSession));
        (await chain.Token(chain.Operator).BalanceOfAsync(chain.Operator.Address)).Should().Be(0);
    }

    [Fact]
    public async Task Minting_is_bounded_per_settlement_by_the_contract_not_by_the_site()
    {
        var user = SampleSite.NewUser();
        var greedy = new[]
        {
            // More flexibility than energy × 8 h of laxity.
            new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-501"), User = user, EnergyWh = 1_000, FlexibilityWhH = 8_001 },
            // More energy than the CPO allows per session.
            new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-502"), User = user, EnergyWh = DeploymentSettings.DefaultMaxEnergyWhPerSession + 1, FlexibilityWhH = 0 },
        };
        foreach (var session in greedy)
        {
            var settle = () => chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId, [session]);
            (await settle.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
                .Which.IsCustomErrorFor<SettlementOutOfBoundsError>().Should().BeTrue();
            await chain.Operator.ResetNonceAsync();
        }

        var atTheBound = new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-503"), User = user, EnergyWh = 1_000, FlexibilityWhH = 8_000 };
        await chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId, [atTheBound]);
        (await chain.Token(chain.Operator).BalanceOfAsync(user)).Should().Be(8_000 * DeploymentSettings.OneTokenPerKWhH, "8 kWh·h at one token per kWh·h");
    }

    [Fact]
    public async Task Two_sites_record_the_same_slot_and_session_under_their_own_keys_and_cannot_write_for_each_other()
    {
        var siteB = new ChainSite("site-b");
        var operatorB = ChainConnection.Create(chain.Node.RpcUrl, AnvilNode.DevPrivateKeys[3], 31337);
        await new SiteJoiner(chain.Admin.Web3, chain.Addresses).JoinAsync(siteB, operatorB.Address, "Site B");
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Available, 0, 0, 0, 0) };
        var user = SampleSite.NewUser();
        var session = new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-1"), User = user, EnergyWh = 1_000, FlexibilityWhH = 1_000 };

        await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 7007, 1, ChainFixture.Hash(1), ChainFixture.Hash(2), rows);
        await chain.Status(operatorB).RecordSlotAsync(siteB.Id, 7007, 1, ChainFixture.Hash(3), ChainFixture.Hash(4), rows);
        await chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId, [session]);
        await chain.Settlement(operatorB).SettleAsync(siteB.Id, [session]);

        (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 7007)).Should().ContainSingle().Which.InputHash.Should().Equal(ChainFixture.Hash(1));
        (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(siteB.Id, 7007)).Should().ContainSingle().Which.InputHash.Should().Equal(ChainFixture.Hash(3));
        (await chain.Token(chain.Operator).BalanceOfAsync(user)).Should().Be(2 * 1_000 * DeploymentSettings.OneTokenPerKWhH, "each site's tx-1 settled once");

        var intrusions = new Func<Task>[]
        {
            () => chain.Status(operatorB).RecordSlotAsync(ChainFixture.SiteId, 7008, 1, ChainFixture.Hash(5), ChainFixture.Hash(6), rows),
            () => chain.Settlement(operatorB).SettleAsync(ChainFixture.SiteId, [new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-2"), User = user, EnergyWh = 1, FlexibilityWhH = 0 }]),
            () => chain.Registry(operatorB).UpsertPvInverterAsync(ChainFixture.SiteId, new PvInverterStruct { InverterId = "pv-b", PeakPowerW = 1 }),
        };
        foreach (var intrusion in intrusions)
        {
            (await intrusion.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
                .Which.IsCustomErrorFor<AccessControlUnauthorizedAccountError>().Should().BeTrue();
            await operatorB.ResetNonceAsync();
        }
    }

    [Fact]
    public void The_ids_composed_off_chain_equal_the_contracts_keys()
    {
        var rows = new[] { new BigInteger(1), new BigInteger(2) };
        var rowsHash = ChainIds.RowsHash(rows);

        rowsHash.Should().HaveCount(32);
        ChainIds.SlotKey(ChainFixture.SiteId, 1).Should().NotEqual(ChainIds.SlotKey(ChainIds.SiteId("site-b"), 1));
        ChainIds.SiteId("demo").Should().Equal(Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("demo")));
    }

    [Fact]
    public async Task The_stored_commitment_equals_the_one_composed_off_chain()
    {
        var rows = new[] { new PackedStatusRow(1, AssetStatusCode.Charging, 7_000, 6_900, 10_000, 3_600), new PackedStatusRow(2, AssetStatusCode.Available, 0, 0, 0, 0) };
        await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 8008, 1, ChainFixture.Hash(7), ChainFixture.Hash(8), rows);

        var expected = ChainIds.CommitmentHash(ChainFixture.SiteId, 8008, 1, ChainFixture.Hash(7), ChainFixture.Hash(8),
            ChainIds.RowsHash(rows.Select(r => r.ToWord())), 2);
        (await chain.Status(chain.Operator).SlotCommitmentAsync(ChainFixture.SiteId, 8008)).Should().Equal(expected);
        (await chain.Status(chain.Operator).GetStatusRowsAsync(ChainFixture.SiteId, 8008)).Should().Equal(rows);
    }

    [Fact]
    public void A_packed_row_round_trips_negative_power_and_extreme_values()
    {
        var row = new PackedStatusRow(uint.MaxValue, AssetStatusCode.Faulted, int.MinValue, -1, uint.MaxValue, 0);

        PackedStatusRow.FromWord(row.ToWord()).Should().Be(row);
        (row.ToWord() >> 168).Should().Be(BigInteger.Zero);
    }
}
