using OliMove.Chain.Clients;

namespace OliMove.Chain.Tests;

/// <summary>One anvil and one deployment per test class (keeps the suite fast on 2 cores).</summary>
public sealed class ChainFixture : IAsyncLifetime
{
    public AnvilNode Node { get; private set; } = null!;

    /// <summary>The CPO / deployer: admin and operator.</summary>
    public ChainConnection Operator { get; private set; } = null!;

    /// <summary>A funded account with no role at all.</summary>
    public ChainConnection Stranger { get; private set; } = null!;

    public ChainAddresses Addresses { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        Operator = ChainConnection.Create(Node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        Stranger = ChainConnection.Create(Node.RpcUrl, AnvilNode.DevPrivateKeys[1], 31337);
        Addresses = await new ContractDeployer(Operator.Web3).DeployAsync(
            new DeploymentSettings(Operator.Address, Operator.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        await Algorithms(Operator).PublishAsync(1, Hash(1), Hash(2), "allocator v1");
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public AssetRegistryClient Registry(ChainConnection c) => new(c.Web3, Addresses.AssetRegistry);

    public AssetStatusClient Status(ChainConnection c) => new(c.Web3, Addresses.AssetStatus);

    public ChargingSettlementClient Settlement(ChainConnection c) => new(c.Web3, Addresses.ChargingSettlement);

    public AlgorithmRegistryClient Algorithms(ChainConnection c) => new(c.Web3, Addresses.AlgorithmRegistry);

    public FlexTokenClient Token(ChainConnection c) => new(c.Web3, Addresses.FlexToken);

    public static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();
}
