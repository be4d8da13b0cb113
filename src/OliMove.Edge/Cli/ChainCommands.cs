using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Nethereum.Web3;
using OliMove.Chain;

namespace OliMove.Edge.Cli;

/// <summary><c>olimove-edge chain ...</c>: putting the contracts on a chain for a site (or the demo).</summary>
public static class ChainCommands
{
    public static Command Create()
    {
        var chain = new Command("chain", "Ethereum commands: deploy the OliMove contracts.");
        chain.Subcommands.Add(CreateDeploy());
        return chain;
    }

    private static Command CreateDeploy()
    {
        var rpc = new Option<string>("--rpc") { Description = "The node's JSON-RPC URL, e.g. http://127.0.0.1:8545.", Required = true };
        var keyFile = new Option<FileInfo>("--key-file") { Description = "File holding the deploying account's private key (hex, 0x optional). That account becomes admin and operator of every contract; the key is never printed.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the contract addresses (JSON); the service's Chain.AddressesFile.", Required = true };
        var tariff = new Option<uint>("--tariff-cents") { Description = "Initial tariff in cents per kWh (the admin can change it later).", DefaultValueFactory = _ => 30 };
        var tokens = new Option<decimal>("--tokens-per-kwhh") { Description = "Initial token rate: whole FlexTokens minted per kWh·h of flexibility (up to 15 decimals).", DefaultValueFactory = _ => 1m };
        var deploy = new Command("deploy", "Deploy AssetRegistry, AlgorithmRegistry, AssetStatus and ChargingSettlement (which creates the FlexToken), grant the key's account the operator role, and write the addresses file. Exit code 0 on success.")
        {
            rpc, keyFile, output, tariff, tokens,
        };
        deploy.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var key = parse.GetValue(keyFile)!;
            if (!key.Exists)
            {
                await error.WriteLineAsync($"error: --key-file {key.FullName} does not exist");
                return 1;
            }

            var rate = parse.GetValue(tokens);
            if (!TryTokensPerWhH(rate, out var tokensPerWhH))
            {
                await error.WriteLineAsync($"error: --tokens-per-kwhh {rate.ToString(CultureInfo.InvariantCulture)} must be >= 0 with at most 15 decimals");
                return 1;
            }

            var url = parse.GetValue(rpc)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                await error.WriteLineAsync($"error: --rpc '{url}' is not an http(s) URL");
                return 1;
            }

            var privateKey = (await File.ReadAllTextAsync(key.FullName, ct)).Trim();
            try
            {
                // The account signs with the chain id (EIP-155), so ask the node for it first.
                var chainId = (long)(await new Web3(url).Eth.ChainId.SendRequestAsync()).Value;
                var connection = ChainConnection.Create(url, privateKey, chainId);
                var settings = new DeploymentSettings(connection.Address, connection.Address, parse.GetValue(tariff), tokensPerWhH);
                var addresses = await new ContractDeployer(connection.Web3).DeployAsync(settings, ct);
                var path = parse.GetValue(output)!.FullName;
                await addresses.SaveAsync(path, ct);
                var writer = parse.InvocationConfiguration.Output;
                await writer.WriteLineAsync($"chain {addresses.ChainId}, block {addresses.DeployedAtBlock}, admin and operator {connection.Address}");
                foreach (var (name, address) in addresses.All)
                {
                    await writer.WriteLineAsync($"  {name,-20} {address}");
                }

                await writer.WriteLineAsync($"addresses written to {path}");
                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException
                                          or InvalidOperationException or FormatException or ArgumentException)
            {
                // The message of a bad key never contains the key itself (Nethereum reports its format only).
                await error.WriteLineAsync($"error: deploying to {url} failed: {e.Message}");
                return 1;
            }
        });
        return deploy;
    }

    /// <summary>Whole tokens per kWh·h → base units (10^-18) per Wh·h: × 10^18 / 10^3.</summary>
    private static bool TryTokensPerWhH(decimal perKWhH, out BigInteger perWhH)
    {
        perWhH = BigInteger.Zero;
        if (perKWhH < 0 || perKWhH > 1_000_000_000m)
        {
            return false;
        }

        var scaled = perKWhH * 1_000_000_000_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        perWhH = new BigInteger(scaled);
        return true;
    }
}
