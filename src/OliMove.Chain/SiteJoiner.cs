using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Clients;

namespace OliMove.Chain;

/// <summary>
/// Joins a site to the CPO's contracts, signed by the CPO's admin key: registers the site id with its operator
/// account in AssetRegistry (which grants the site's role there), grants the same site role
/// (<see cref="ChainIds.SiteOperatorRole"/>) on AssetStatus and ChargingSettlement, and OPERATOR_ROLE on
/// AlgorithmRegistry (to publish the allocator versions it runs). The account can then record, register and
/// settle for this site only, nothing else. It also pre-allocates the site's first settlement bitmap words
/// (<see cref="InitialSettlementWords"/> × 255 session numbers), so the site's first settlements rewrite a
/// non-zero word (decision 0340); the outbox writer allocates further words as the numbers grow. Re-running it is
/// safe; with a new account it moves the site to it.
/// </summary>
public sealed class SiteJoiner(IWeb3 adminWeb3, ChainAddresses addresses)
{
    /// <summary>Bitmap words allocated at join: sessions 1–1,019, ~90,000 gas paid once by the CPO.</summary>
    public const int InitialSettlementWords = 4;

    public async Task<SiteJoinResult> JoinAsync(ChainSite site, string operatorAccount, string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorAccount);
        var registry = new AssetRegistryClient(adminWeb3, addresses.AssetRegistry);
        var siteRole = ChainIds.SiteOperatorRole(site.Id);
        var registered = false;
        if (!string.Equals(await registry.OperatorOfAsync(site.Id), operatorAccount, StringComparison.OrdinalIgnoreCase))
        {
            Ensure(await registry.RegisterSiteAsync(site.Id, operatorAccount, name, ct), $"registering site {site.SiteMapId}");
            registered = true;
        }

        (AccessControlledClient Contract, byte[] Role)[] grants =
        [
            (new AssetStatusClient(adminWeb3, addresses.AssetStatus), siteRole),
            (new ChargingSettlementClient(adminWeb3, addresses.ChargingSettlement), siteRole),
            (new AlgorithmRegistryClient(adminWeb3, addresses.AlgorithmRegistry), ChainIds.OperatorRole),
        ];
        var granted = 0;
        foreach (var (contract, role) in grants)
        {
            if (!await contract.HasRoleAsync(role, operatorAccount))
            {
                Ensure(await contract.GrantRoleAsync(role, operatorAccount, ct), $"granting the operator role on {contract.Address}");
                granted++;
            }
        }

        var settlement = new ChargingSettlementClient(adminWeb3, addresses.ChargingSettlement);
        var allocatedThrough = await settlement.AllocatedThroughAsync(site.Id);
        if (allocatedThrough == 0)
        {
            Ensure(await settlement.AllocateAsync(site.Id, 1, InitialSettlementWords, ct), $"allocating the settlement bitmap of site {site.SiteMapId}");
            allocatedThrough = await settlement.AllocatedThroughAsync(site.Id);
        }

        return new SiteJoinResult(site.IdHex, operatorAccount, granted, registered, allocatedThrough);
    }

    private static void Ensure(TransactionReceipt receipt, string what)
    {
        if (receipt.Status?.Value != 1)
        {
            throw new InvalidOperationException($"{what} failed on chain (tx {receipt.TransactionHash}).");
        }
    }
}
