using Nethereum.RPC.NonceServices;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace OliMove.Chain;

/// <summary>
/// One node URL and one signing account. The outbox writer owns one of these: a single Account with an
/// in-memory nonce that is reset after any failed send (else the next tx leaves a nonce gap and never mines).
/// </summary>
public sealed class ChainConnection
{
    private readonly string _rpcUrl;

    private ChainConnection(Web3 web3, Account account, long chainId, string rpcUrl)
    {
        Web3 = web3;
        Account = account;
        ChainId = chainId;
        _rpcUrl = rpcUrl;
        RpcUrl = RpcUrlRedaction.Redact(rpcUrl);
    }

    public Web3 Web3 { get; }

    public Account Account { get; }

    public string Address => Account.Address;

    public long ChainId { get; }

    /// <summary>The node's URL for messages, API and logs: its key parts redacted (<see cref="RpcUrlRedaction"/>).</summary>
    public string RpcUrl { get; }

    /// <summary><paramref name="text"/> (e.g. an exception's message) without the node's full URL in it.</summary>
    public string Scrub(string text) => RpcUrlRedaction.Scrub(text, _rpcUrl);

    public static ChainConnection Create(string rpcUrl, string privateKeyHex, long chainId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rpcUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyHex);
        var account = new Account(privateKeyHex, chainId);
        var web3 = new Web3(account, rpcUrl);
        account.NonceService = new InMemoryNonceService(account.Address, web3.Client);
        return new ChainConnection(web3, account, chainId, rpcUrl);
    }

    /// <summary>Forget the cached nonce; the next send asks the node again.</summary>
    public Task ResetNonceAsync() => Account.NonceService?.ResetNonceAsync() ?? Task.CompletedTask;
}
