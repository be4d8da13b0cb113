using OliMove.Chain.Clients;

namespace OliMove.Chain;

/// <summary>
/// Before anything is written: the node is the chain the contracts were deployed on, there is contract code at
/// every address, and (when (re)connecting) the writer's account holds this site's operator role on AssetRegistry,
/// AssetStatus and ChargingSettlement and OPERATOR_ROLE on AlgorithmRegistry (`olimove-edge chain join`). Throws
/// <see cref="ChainNotUsableException"/> saying which check failed and what to do about it.
/// </summary>
internal sealed class ChainIdentityCheck(
    ChainConnection chain,
    ChainAddresses addresses,
    ChainSite site,
    ChainRpc rpc,
    Func<byte[], IReadOnlyList<(AccessControlledClient Contract, byte[] Role, string Name)>> roles)
{
    public async Task VerifyAsync(bool reconnecting, CancellationToken ct)
    {
        var chainId = (long)(await rpc.CallAsync(chain.Web3.Eth.ChainId.SendRequestAsync(), ct)).Value;
        if (chainId != addresses.ChainId || chainId != chain.ChainId)
        {
            throw new ChainNotUsableException(ChainHealth.WrongChain,
                $"The node at {chain.RpcUrl} is chain {chainId}, but the contracts were deployed on chain {addresses.ChainId}: wrong RPC URL?");
        }

        foreach (var (name, address) in addresses.All)
        {
            var code = await rpc.CallAsync(chain.Web3.Eth.GetCode.SendRequestAsync(address), ct);
            if (string.IsNullOrEmpty(code) || code == "0x")
            {
                throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                    $"No contract code at {name} {address} on chain {chainId}: the chain was reset or the RPC URL points elsewhere. Items keep queueing; nothing is sent.");
            }
        }

        if (reconnecting)
        {
            // Roles rarely change: check them when (re)connecting; a revoked role later shows as a revert.
            var siteRole = ChainIds.SiteOperatorRole(site.Id);
            foreach (var (contract, role, name) in roles(siteRole))
            {
                if (!await rpc.CallAsync(contract.HasRoleAsync(role, chain.Address), ct))
                {
                    throw new ChainNotUsableException(ChainHealth.NotAuthorized,
                        $"Account {chain.Address} lacks {name} on {contract.Address}: the CPO (admin) must run `olimove-edge chain join` " +
                        $"for site '{site.SiteMapId}' ({site.IdHex}) with this operator account.");
                }
            }
        }
    }
}
