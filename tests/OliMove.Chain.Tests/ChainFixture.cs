using OliMove.Chain.Clients;

namespace OliMove.Chain.Tests;

/// <summary>
/// One anvil and one deployment per test class (keeps the suite fast on 2 cores): deployed by the CPO's admin,
/// with site "site-a" joined by its own operator account.
/// </summary>
public sealed class ChainFixture : IAsyncLifetime
{
    public AnvilNode Node { get; private set; } = null!;

    /// <summary>The CPO: deploys, admin of every contract (tariff, roles, sites), operator of none but the algorithm registry.</summary>
    public ChainConnection Admin { get; private set; } = null!;

    /// <summary>Site A's operator: may record, register and settle for site A, nothing else.</summary>
    public ChainConnection Operator { get; private set; } = null!;

    /// <summary>A funded account with no role at all.</summary>
    public ChainConnection Stranger { get; private set; } = null!;

    public ChainAddresses Addresses { get; private set; } = null!;

    public static ChainSite Site { get; } = new("site-a");

    public static byte[] SiteId => Site.Id;

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Admin = ChainConnection.Create(Node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        Stranger = ChainConnection.Create(Node.RpcUrl, AnvilNode.DevPrivateKeys[1], 31337);
        Operator = ChainConnection.Create(Node.RpcUrl, AnvilNode.DevPrivateKeys[2], 31337);
        Addresses = await new ContractDeployer(Admin.Web3).DeployAsync(new DeploymentSettings(Admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        await new SiteJoiner(Admin.Web3, Addresses).JoinAsync(Site, Operator.Address, "Site A");
        await Algorithms(Operator).PublishAsync(1, Hash(1), Hash(2), "allocator v1");
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public AssetRegistryClient Registry(ChainConnection c) => new(c.Web3, Addresses.AssetRegistry);

    public AssetStatusClient Status(ChainConnection c) => new(c.Web3, Addresses.AssetStatus);

    public ChargingSettlementClient Settlement(ChainConnection c) => new(c.Web3, Addresses.ChargingSettlement);

    public AlgorithmRegistryClient Algorithms(ChainConnection c) => new(c.Web3, Addresses.AlgorithmRegistry);

    public FlexTokenClient Token(ChainConnection c) => new(c.Web3, Addresses.FlexToken);

    public static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

    /// <summary>For tests with their own anvil: deploy with <paramref name="admin"/>, join <see cref="Site"/> with <paramref name="operatorAccount"/>, publish algorithm version 1.</summary>
    public static async Task<ChainAddresses> DeployAndJoinAsync(ChainConnection admin, string operatorAccount)
    {
        var addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        await new SiteJoiner(admin.Web3, addresses).JoinAsync(Site, operatorAccount, "Site A");
        await new AlgorithmRegistryClient(admin.Web3, addresses.AlgorithmRegistry).PublishAsync(1, Hash(1), Hash(2), "allocator v1");
        return addresses;
    }
}
