using OliMove.Chain.Contracts;

namespace OliMove.Chain.Tests;

/// <summary>
/// A small shared ledger, written once per test class: sites A and B on one set of contracts with slots, an
/// algorithm upgrade and settlements (the same slot number and tx-1 on both), and a site C that joined and wrote
/// nothing.
/// </summary>
public sealed class FleetLedgerFixture : IAsyncLifetime
{
    public static ChainSite SiteB { get; } = new("site-b");

    public static ChainSite SiteC { get; } = new("site-c");

    public ChainFixture Chain { get; } = new();

    public string DriverA { get; } = NewAccount();

    public string DriverB { get; } = NewAccount();

    public async Task InitializeAsync()
    {
        await Chain.InitializeAsync();
        var operatorB = ChainConnection.Create(Chain.Node.RpcUrl, AnvilNode.DevPrivateKeys[3], 31337);
        await new SiteJoiner(Chain.Admin.Web3, Chain.Addresses).JoinAsync(SiteB, operatorB.Address, "Site B");
        await new SiteJoiner(Chain.Admin.Web3, Chain.Addresses).JoinAsync(SiteC, NewAccount(), "Site C");
        await Chain.Algorithms(Chain.Operator).PublishAsync(2, ChainFixture.Hash(21), ChainFixture.Hash(22), "allocator v2");

        // Site A: slots 100 and 101 with version 1, then an upgrade, slot 102 with version 2; two sessions.
        var statusA = Chain.Status(Chain.Operator);
        await statusA.RecordSlotAsync(ChainFixture.SiteId, 100, 1, ChainFixture.Hash(1), ChainFixture.Hash(2), Rows(2));
        await statusA.RecordSlotAsync(ChainFixture.SiteId, 101, 1, ChainFixture.Hash(3), ChainFixture.Hash(4), Rows(2));
        await statusA.RecordSlotAsync(ChainFixture.SiteId, 102, 2, ChainFixture.Hash(5), ChainFixture.Hash(6), Rows(3));
        await Chain.Settlement(Chain.Operator).SettleAsync(ChainFixture.SiteId, [Session("tx-1", DriverA, 10_000, 5_000), Session("tx-2", DriverA, 3_000, 0)]);
        // Site B: the same slot number and the same tx-1, under its own site; its settlement is the newest block.
        await Chain.Status(operatorB).RecordSlotAsync(SiteB.Id, 100, 1, ChainFixture.Hash(7), ChainFixture.Hash(8), Rows(1));
        await Chain.Settlement(operatorB).SettleAsync(SiteB.Id, [Session("tx-1", DriverB, 20_000, 7_000)]);
    }

    public Task DisposeAsync() => Chain.DisposeAsync();

    private static List<PackedStatusRow> Rows(int count) =>
        Enumerable.Range(1, count).Select(i => new PackedStatusRow((uint)i, AssetStatusCode.Charging, 7_000, 6_900, 1_000, 600)).ToList();

    private static SessionSettlementStruct Session(string key, string user, uint energyWh, uint flexibilityWhH) =>
        new() { SessionNumber = ChainIds.SessionNumber(key), User = user, EnergyWh = energyWh, FlexibilityWhH = flexibilityWhH };

    private static string NewAccount() => Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
}
