namespace OliMove.Edge.Configuration;

public sealed class ChainOptions
{
    /// <summary>Empty disables chain writes; they still queue durably in the outbox.</summary>
    public string? RpcUrl { get; set; }

    public long ChainId { get; set; } = 31337;

    /// <summary>JSON file with the deployed contract addresses (written by `olimove-edge chain deploy`).</summary>
    public string? AddressesFile { get; set; }

    /// <summary>File holding the site operator's private key (hex). Environment: OLIMOVE_Chain__OperatorKeyFile.</summary>
    public string? OperatorKeyFile { get; set; }

    /// <summary>File holding the master key that encrypts users' wallet keystores.</summary>
    public string? WalletMasterKeyFile { get; set; }

    /// <summary>
    /// Blocks built on top of a chain write before the outbox counts it as final; until then a reorg that drops it
    /// makes it be sent again. 0 (the dev chain) confirms on the first receipt; a public chain or L2 wants ~12.
    /// </summary>
    public int ConfirmationDepth { get; set; }

    /// <summary>scrypt cost for new keystores (Web3 Secret Storage); 262144 in production.</summary>
    public int KeystoreScryptN { get; set; } = 262144;
}
