using OliMove.Chain.Contracts;
using Xunit.Abstractions;

namespace OliMove.Chain.Tests;

/// <summary>
/// The gas targets of issue 7, checked against a real anvil (prague). The numbers in docs/bench/gas.md come
/// from this class: dotnet test tests/OliMove.Chain.Tests --filter GasTests --logger "console;verbosity=detailed".
/// </summary>
public sealed class GasTests(ChainFixture chain, ITestOutputHelper output) : IClassFixture<ChainFixture>
{
    [Fact]
    public async Task A_100_CP_slot_costs_at_most_3000_gas_per_row_and_batching_beats_one_tx_per_CP()
    {
        var one = await SlotGasAsync(50_001, 1);
        var perSlot = new Dictionary<int, long>();
        foreach (var (n, slotId) in new[] { (10, 50_010UL), (100, 50_100UL), (1000, 51_000UL) })
        {
            perSlot[n] = await SlotGasAsync(slotId, n);
            output.WriteLine($"slot with {n,5} rows: {perSlot[n],10:N0} gas, {perSlot[n] / n,6:N0} per row; one tx per CP: {one * n,12:N0}");
        }

        output.WriteLine($"slot with     1 row : {one,10:N0} gas");
        (perSlot[100] / 100).Should().BeLessThanOrEqualTo(3_000);
        perSlot[100].Should().BeLessThan(one * 100 / 5, "one batched tx must be far cheaper than a tx per CP");
    }

    [Fact]
    public async Task A_slot_of_100_connectors_and_10_meter_rows_stays_at_most_3000_gas_per_row()
    {
        // A meter's row (decision 0346): Available, no setpoint, its measured total, nothing left: the same word.
        var rows = Enumerable.Range(1, 100).Select(i => new PackedStatusRow((uint)i, AssetStatusCode.Charging, 7_400, 7_350, 20_000, 3_600))
            .Concat(Enumerable.Range(101, 10).Select(i => new PackedStatusRow((uint)i, AssetStatusCode.Available, 0, 48_250, 0, 0)));
        var gas = (long)(await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, 52_000, 1, ChainFixture.Hash(9), ChainFixture.Hash(10), rows)).GasUsed.Value;
        output.WriteLine($"slot with 100 connector rows and 10 meter rows: {gas:N0} gas, {gas / 110:N0} per row");

        (gas / 110).Should().BeLessThanOrEqualTo(3_000);
    }

    [Fact]
    public async Task A_settled_session_costs_at_most_80000_gas_even_for_a_lone_first_time_holder()
    {
        // Sessions 1–1,019 are in the bitmap words `chain join` allocated (SiteJoiner.InitialSettlementWords).
        (await chain.Settlement(chain.Operator).AllocatedThroughAsync(ChainFixture.SiteId)).Should().BeGreaterThanOrEqualTo(4 * ChainIds.SessionsPerWord - 1);
        var returning = SampleSite.NewUser();
        await SettleGasAsync(100, [returning]);
        var newHolder = await SettleGasAsync(101, [SampleSite.NewUser()]);
        var returningHolder = await SettleGasAsync(102, [returning]);
        var batch = await SettleGasAsync(110, Enumerable.Range(0, 10).Select(_ => SampleSite.NewUser()).ToList());
        output.WriteLine($"settlement, 1 session, new token holder: {newHolder:N0} gas");
        output.WriteLine($"settlement, 1 session, returning holder: {returningHolder:N0} gas");
        output.WriteLine($"settlement, 10 sessions (new holders) in one tx: {batch:N0} gas, {batch / 10:N0} per session");

        // Decision 0340: the session's bit is a warm rewrite of an allocated word; the new holder's balance is
        // the one fresh storage word left.
        newHolder.Should().BeLessThanOrEqualTo(80_000);
        returningHolder.Should().BeLessThanOrEqualTo(80_000);
        (batch / 10).Should().BeLessThanOrEqualTo(80_000);
    }

    [Fact]
    public async Task Allocating_bitmap_words_ahead_is_what_keeps_a_first_time_holder_under_80000_gas()
    {
        // Word 100 (sessions 25,500–25,754) was never allocated: its first settlement writes a fresh word.
        const ulong unallocated = 100 * ChainIds.SessionsPerWord;
        var fresh = await SettleGasAsync(unallocated, [SampleSite.NewUser()]);
        var receipt = await chain.Settlement(chain.Operator).AllocateAsync(ChainFixture.SiteId, 200 * ChainIds.SessionsPerWord, 4);
        receipt.Status.Value.Should().Be(1);
        var allocation = (long)receipt.GasUsed.Value;
        var allocated = await SettleGasAsync(200 * ChainIds.SessionsPerWord + 254, [SampleSite.NewUser()]);
        output.WriteLine($"settlement, 1 session, new token holder, unallocated word: {fresh:N0} gas");
        output.WriteLine($"allocate 4 words (1,020 sessions): {allocation:N0} gas, {allocation / 4:N0} per word, {allocation / 1_020:N0} per session");
        output.WriteLine($"settlement, 1 session, new token holder, word allocated ahead: {allocated:N0} gas");

        fresh.Should().BeGreaterThan(80_000, "a fresh bitmap word costs what the per-session record used to");
        allocated.Should().BeLessThanOrEqualTo(80_000);
        (fresh - allocated).Should().BeGreaterThan(15_000, "an allocated word is rewritten warm instead of created");
        (allocation / 1_020).Should().BeLessThan(150, "allocation is paid once per 255 sessions a word");
    }

    [Fact]
    public async Task Registration_costs_are_reported()
    {
        var registry = chain.Registry(chain.Operator);
        var cp = new ChargePointStruct
        {
            CpId = "gas-cp-1",
            EvseId = "DE*OLI*E0001",
            PowerValueW = 22_000,
            PowerInfo = "AC 3x32A",
            ConnectionType = "Type2",
            Status = 1,
            CpGroup = "garage-a",
            EnergyWh = 1_234_567,
        };
        var newCp = (long)(await registry.UpsertChargePointAsync(ChainFixture.SiteId, cp)).GasUsed.Value;
        cp.Status = 3;
        var updateCp = (long)(await registry.UpsertChargePointAsync(ChainFixture.SiteId, cp)).GasUsed.Value;
        var pv = (long)(await registry.UpsertPvInverterAsync(ChainFixture.SiteId, new PvInverterStruct { InverterId = "gas-pv", PeakPowerW = 30_000, Group = "garage-a" })).GasUsed.Value;
        var battery = (long)(await registry.UpsertBatteryAsync(ChainFixture.SiteId, new BatteryStruct
        {
            BatteryId = "gas-bat",
            CapacityWh = 50_000,
            EnergyAvailableWh = 20_000,
            MaxPowerW = 25_000,
            Group = "garage-a",
        })).GasUsed.Value;
        var meter = (long)(await registry.UpsertMeterAsync(ChainFixture.SiteId, new MeterStruct
        {
            MeterId = "gas-meter",
            Measures = (byte)MeterScope.Circuit,
            Target = "garage-a",
            Phases = 0b111,
            LimitW = 69_000,
            Group = "garage-a",
        })).GasUsed.Value;
        var retire = (long)(await registry.RetireAssetAsync(ChainFixture.SiteId, "gas-pv")).GasUsed.Value;
        output.WriteLine($"register CP {newCp:N0}, update CP status {updateCp:N0}, register PV {pv:N0}, register battery {battery:N0}, register meter {meter:N0}, retire an asset {retire:N0}");

        newCp.Should().BeGreaterThan(updateCp, "a first registration allocates storage");
    }

    [Fact]
    public async Task Deployment_costs_are_reported()
    {
        var web3 = chain.Admin.Web3;
        var admin = chain.Admin.Address;
        async Task<long> Deploy<T>(T message)
            where T : Nethereum.Contracts.ContractDeploymentMessage, new() =>
            (long)(await web3.Eth.GetContractDeploymentHandler<T>().SendRequestAndWaitForReceiptAsync(message)).GasUsed.Value;

        var registry = await Deploy(new AssetRegistryDeployment { Admin = admin });
        var algorithms = await Deploy(new AlgorithmRegistryDeployment { Admin = admin, Operator = admin });
        var status = await Deploy(new AssetStatusDeployment { Admin = admin, AlgorithmRegistry = chain.Addresses.AlgorithmRegistry });
        var settlement = await Deploy(new ChargingSettlementDeployment { Admin = admin, InitialTariffCentsPerKWh = 30, InitialTokensPerWhH = 1, LaxityCapMinutes = 480, MaxEnergyWhPerSession = 500_000 });
        output.WriteLine($"deploy AssetRegistry {registry:N0}, AlgorithmRegistry {algorithms:N0}, AssetStatus {status:N0}, ChargingSettlement+FlexToken {settlement:N0}");

        settlement.Should().BeGreaterThan(status, "the settlement deploys its FlexToken too");
    }

    private async Task<long> SlotGasAsync(ulong slotId, int rows)
    {
        var packed = Enumerable.Range(1, rows)
            .Select(i => new PackedStatusRow((uint)i, AssetStatusCode.Charging, 7_400, 7_350, 20_000, 3_600));
        var receipt = await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, slotId, 1, ChainFixture.Hash(9), ChainFixture.Hash(10), packed);
        return (long)receipt.GasUsed.Value;
    }

    private async Task<long> SettleGasAsync(ulong firstNumber, IReadOnlyList<string> users)
    {
        var batch = users.Select((user, i) => new SessionSettlementStruct
        {
            SessionNumber = firstNumber + (ulong)i,
            User = user,
            EnergyWh = 23_456,
            FlexibilityWhH = 12_345,
        }).ToList();
        return (long)(await chain.Settlement(chain.Operator).SettleAsync(ChainFixture.SiteId, batch)).GasUsed.Value;
    }
}
