using OliMove.Chain;
using OliMove.Edge.Configuration;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>Builds the <see cref="ChainRuntime"/> from the configuration; keys are read from files, never from the config itself.</summary>
public static class ChainRuntimeFactory
{
    public static async Task<ChainRuntime> CreateAsync(EdgeOptions options, ChainOutboxRepository outbox, ILoggerFactory loggers, CancellationToken ct)
    {
        var c = options.Chain;
        WalletVault? wallets = null;
        if (c.WalletMasterKeyFile is { } masterKeyFile)
        {
            var masterKey = (await ReadSecretAsync(masterKeyFile, "Chain.WalletMasterKeyFile", ct)).Trim();
            wallets = new WalletVault(Path.Combine(Path.GetDirectoryName(options.Database)!, "wallets"), masterKey, c.KeystoreScryptN);
        }

        if (string.IsNullOrWhiteSpace(c.RpcUrl) || c.AddressesFile is null || c.OperatorKeyFile is null)
        {
            return new ChainRuntime(outbox, null, null, null, wallets);
        }

        if (!File.Exists(c.AddressesFile))
        {
            throw new EdgeConfigurationException($"Chain.AddressesFile '{c.AddressesFile}' does not exist (run `olimove-edge chain deploy` first)");
        }

        if (c.ConfirmationDepth < 0)
        {
            throw new EdgeConfigurationException($"Chain.ConfirmationDepth must be 0 or more, got {c.ConfirmationDepth}");
        }

        var addresses = await ChainAddresses.LoadAsync(c.AddressesFile, ct);
        var key = (await ReadSecretAsync(c.OperatorKeyFile, "Chain.OperatorKeyFile", ct)).Trim();
        var connection = ChainConnection.Create(c.RpcUrl, key, c.ChainId);
        // The writer talks to a node in real time (RPC timeouts, backoff), whatever clock the site runs on.
        var writer = new OutboxWriter(outbox, connection, addresses, TimeProvider.System,
            new OutboxWriterOptions { ConfirmationDepth = c.ConfirmationDepth }, loggers.CreateLogger<OutboxWriter>());
        return new ChainRuntime(outbox, writer, addresses, connection, wallets);
    }

    private static async Task<string> ReadSecretAsync(string path, string setting, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new EdgeConfigurationException($"{setting} '{path}' does not exist");
        }

        return await File.ReadAllTextAsync(path, ct);
    }
}
