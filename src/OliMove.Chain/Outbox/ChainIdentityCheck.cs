using OliMove.Chain.Clients;

namespace OliMove.Chain;

/// <summary>
/// Before anything is written: the node is the chain the contracts were deployed on, there is contract code at
/// every address, and (when (re)connecting) the writer's account holds OPERATOR_ROLE on each contract. Throws
/// <see cref="ChainNotUsableException"/> saying which check failed and what to do about it.
/// </summary>
internal sealed class ChainIdentityCheck(
    ChainConnection chain,
    ChainAddresses addresses,
    ChainRpc rpc,
    IReadOnlyList<AccessControlledClient> contracts)
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
            foreach (var contract in contracts)
            {
                if (!await rpc.CallAsync(contract.HasRoleAsync(ChainIds.OperatorRole, chain.Address), ct))
                {
                    throw new ChainNotUsableException(ChainHealth.NotAuthorized,
                        $"Account {chain.Address} lacks OPERATOR_ROLE on {contract.Address}; the CPO (admin) must grant it.");
                }
            }
        }
    }
}
