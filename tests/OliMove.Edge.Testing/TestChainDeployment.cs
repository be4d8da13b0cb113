using OliMove.Chain;

namespace OliMove.Edge.Testing;

/// <summary>The CPO's part for a test: deploy once with the admin key, then join a site with its operator account.</summary>
public static class TestChainDeployment
{
    public static async Task<ChainAddresses> DeployAndJoinAsync(ChainConnection admin, string siteMapId, string operatorAccount)
    {
        var addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        await new SiteJoiner(admin.Web3, addresses).JoinAsync(new ChainSite(siteMapId), operatorAccount, siteMapId);
        return addresses;
    }
}
