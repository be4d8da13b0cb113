using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;

namespace OliMove.Chain;

/// <summary>
/// Deploys the four OliMove contracts once per CPO (ChargingSettlement creates the FlexToken itself), with the
/// CPO's admin account; sites join afterwards (<see cref="SiteJoiner"/>).
/// </summary>
public sealed class ContractDeployer(IWeb3 web3)
{
    public async Task<ChainAddresses> DeployAsync(DeploymentSettings settings, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Admin);
        var chainId = (long)(await web3.Eth.ChainId.SendRequestAsync()).Value;

        var assetRegistry = await DeployAsync(new AssetRegistryDeployment { Admin = settings.Admin }, ct);
        // AlgorithmRegistry's constructor names an operator too: the admin (the CPO may publish a release
        // itself); sites get the role when they join.
        var algorithms = await DeployAsync(new AlgorithmRegistryDeployment { Admin = settings.Admin, Operator = settings.Admin }, ct);
        var status = await DeployAsync(new AssetStatusDeployment
        {
            Admin = settings.Admin,
            AlgorithmRegistry = algorithms.ContractAddress,
        }, ct);
        var settlement = await DeployAsync(new ChargingSettlementDeployment
        {
            Admin = settings.Admin,
            InitialTariffCentsPerKWh = settings.TariffCentsPerKWh,
            InitialTokensPerWhH = settings.TokensPerWhH,
            LaxityCapMinutes = settings.LaxityCapMinutes,
            MaxEnergyWhPerSession = settings.MaxEnergyWhPerSession,
        }, ct);
        var token = await new ChargingSettlementClient(web3, settlement.ContractAddress).TokenAddressAsync();

        return new ChainAddresses(
            chainId,
            assetRegistry.ContractAddress,
            algorithms.ContractAddress,
            status.ContractAddress,
            settlement.ContractAddress,
            token,
            (long)assetRegistry.BlockNumber.Value);
    }

    private async Task<TransactionReceipt> DeployAsync<TDeployment>(TDeployment deployment, CancellationToken ct)
        where TDeployment : Nethereum.Contracts.ContractDeploymentMessage, new()
    {
        var receipt = await web3.Eth.GetContractDeploymentHandler<TDeployment>()
            .SendRequestAndWaitForReceiptAsync(deployment, ct);
        if (receipt.Status?.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException(
                $"Deploying {typeof(TDeployment).Name} failed (tx {receipt.TransactionHash}, status {receipt.Status?.Value}).");
        }

        return receipt;
    }
}
