using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.Configuration;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// Builds the <see cref="ChainRuntime"/> from the configuration; keys are read from files, never from the config
/// itself. Binds the database to its site and chain deployment first (<see cref="SiteIdentityRepository"/>): a
/// database of another site or deployment stops the start with a clear message.
/// </summary>
public static class ChainRuntimeFactory
{
    public static async Task<ChainRuntime> CreateAsync(
        EdgeOptions options, string siteMapId, EdgeDatabase database, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var c = options.Chain;
        var outbox = new ChainOutboxRepository(database);
        var site = new ChainSite(siteMapId);
        WalletVault? wallets = null;
        if (c.WalletMasterKeyFile is { } masterKeyFile)
        {
            var masterKey = (await ReadSecretAsync(masterKeyFile, "Chain.WalletMasterKeyFile", ct)).Trim();
            wallets = new WalletVault(Path.Combine(Path.GetDirectoryName(options.Database)!, "wallets"), masterKey, c.KeystoreScryptN);
        }

        if (string.IsNullOrWhiteSpace(c.RpcUrl) || c.AddressesFile is null || c.OperatorKeyFile is null)
        {
            await BindAsync(database, siteMapId, null, time, ct);
            return new ChainRuntime(outbox, null, null, null, wallets, site, SettlementRatesSource.Fixed(options.Billing.RatesWithoutChain()));
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
        await BindAsync(database, siteMapId, new ChainBinding(addresses.ChainId, addresses.AssetRegistry, addresses.AlgorithmRegistry,
            addresses.AssetStatus, addresses.ChargingSettlement, addresses.FlexToken), time, ct);
        var key = (await ReadSecretAsync(c.OperatorKeyFile, "Chain.OperatorKeyFile", ct)).Trim();
        var connection = ChainConnection.Create(c.RpcUrl, key, c.ChainId);
        // The writer talks to a node in real time (RPC timeouts, backoff), whatever clock the site runs on.
        var writer = new OutboxWriter(outbox, connection, addresses, site, TimeProvider.System,
            new OutboxWriterOptions { ConfirmationDepth = c.ConfirmationDepth }, loggers.CreateLogger<OutboxWriter>());
        var rates = SettlementRatesSource.FromChain(new ChargingSettlementClient(connection.Web3, addresses.ChargingSettlement), TimeProvider.System);
        return new ChainRuntime(outbox, writer, addresses, connection, wallets, site, rates);
    }

    private static async Task BindAsync(EdgeDatabase database, string siteMapId, ChainBinding? chain, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await new SiteIdentityRepository(database).BindAsync(siteMapId, chain, time.GetUtcNow(), ct);
        }
        catch (SiteIdentityMismatchException e)
        {
            throw new EdgeConfigurationException(e.Message);
        }
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
