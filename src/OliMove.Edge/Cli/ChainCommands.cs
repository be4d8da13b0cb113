using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Nethereum.Web3;
using OliMove.Chain;
using OliMove.SiteMap;

namespace OliMove.Edge.Cli;

/// <summary>
/// <c>olimove-edge chain ...</c>: <c>deploy</c> puts the contracts on a chain once per CPO (admin key); <c>join</c>
/// adds a site (admin key again: grants the site's operator account its roles and registers the site id);
/// <c>requeue</c> puts parked outbox items back in the queue (<see cref="ChainRequeueCommand"/>).
/// </summary>
public static class ChainCommands
{
    public static Command Create()
    {
        var chain = new Command("chain", "Ethereum commands: deploy the OliMove contracts (once per CPO), join a site to them.");
        chain.Subcommands.Add(CreateDeploy());
        chain.Subcommands.Add(CreateJoin());
        chain.Subcommands.Add(ChainRequeueCommand.Create());
        return chain;
    }

    private static Command CreateDeploy()
    {
        var rpc = new Option<string>("--rpc") { Description = "The node's JSON-RPC URL, e.g. http://127.0.0.1:8545.", Required = true };
        var keyFile = new Option<FileInfo>("--key-file") { Description = "File holding the CPO's admin private key (hex, 0x optional). That account becomes admin of every contract (tariff, token rate, bounds, roles, sites) and operator of none; keep it off the sites' boxes. The key is never printed.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the contract addresses (JSON); the service's Chain.AddressesFile.", Required = true };
        var tariff = new Option<uint>("--tariff-cents") { Description = "Initial tariff in cents per kWh (the admin can change it later).", DefaultValueFactory = _ => 30 };
        var tokens = new Option<decimal>("--tokens-per-kwhh") { Description = "Initial token rate: whole FlexTokens minted per kWh·h of flexibility (up to 15 decimals).", DefaultValueFactory = _ => 1m };
        var laxityCap = new Option<double>("--laxity-cap-hours") { Description = "Laxity counted in flexibility at most (hours, whole minutes); the contract refuses a settlement with more flexibility than energy × this.", DefaultValueFactory = _ => DeploymentSettings.DefaultLaxityCapMinutes / 60.0 };
        var maxEnergy = new Option<uint>("--max-energy-wh") { Description = "Most energy (Wh) one settlement may name; with the cap and rate it bounds what one settlement can mint.", DefaultValueFactory = _ => DeploymentSettings.DefaultMaxEnergyWhPerSession };
        var deploy = new Command("deploy", "Deploy AssetRegistry, AlgorithmRegistry, AssetStatus and ChargingSettlement (which creates the FlexToken) once per CPO with the admin key, and write the addresses file. Sites then join (`chain join`). Exit code 0 on success.")
        {
            rpc, keyFile, output, tariff, tokens, laxityCap, maxEnergy,
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

            var capMinutes = Math.Round(parse.GetValue(laxityCap) * 60);
            if (capMinutes is < 0 or > ushort.MaxValue)
            {
                await error.WriteLineAsync($"error: --laxity-cap-hours must be between 0 and {ushort.MaxValue / 60}");
                return 1;
            }

            var url = parse.GetValue(rpc)!;
            if (!IsHttpUrl(url))
            {
                await error.WriteLineAsync($"error: --rpc '{url}' is not an http(s) URL");
                return 1;
            }

            var privateKey = (await File.ReadAllTextAsync(key.FullName, ct)).Trim();
            try
            {
                var connection = await ConnectAsync(url, privateKey);
                var settings = new DeploymentSettings(connection.Address, parse.GetValue(tariff), tokensPerWhH, (ushort)capMinutes, parse.GetValue(maxEnergy));
                var addresses = await new ContractDeployer(connection.Web3).DeployAsync(settings, ct);
                var path = parse.GetValue(output)!.FullName;
                await addresses.SaveAsync(path, ct);
                var writer = parse.InvocationConfiguration.Output;
                await writer.WriteLineAsync($"chain {addresses.ChainId}, block {addresses.DeployedAtBlock}, admin {connection.Address}");
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

    private static Command CreateJoin()
    {
        var rpc = new Option<string>("--rpc") { Description = "The node's JSON-RPC URL.", Required = true };
        var keyFile = new Option<FileInfo>("--key-file") { Description = "File holding the CPO's admin private key (the one `chain deploy` used).", Required = true };
        var addressesFile = new Option<FileInfo>("--addresses") { Description = "The addresses file `chain deploy` wrote.", Required = true };
        var siteFile = new Option<FileInfo>("--site") { Description = "The site's site map (YAML); its site.id names the site on chain.", Required = true };
        var operatorAccount = new Option<string>("--operator") { Description = "The site's operator account (0x address of the key in the site's Chain.OperatorKeyFile).", Required = true };
        var join = new Command("join", "Join a site to the CPO's contracts with the admin key: grant the site's operator account OPERATOR_ROLE on the four contracts and register the site id with that account (re-run to move a site to a new key). Exit code 0 on success.")
        {
            rpc, keyFile, addressesFile, siteFile, operatorAccount,
        };
        join.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var key = parse.GetValue(keyFile)!;
            var url = parse.GetValue(rpc)!;
            var account = parse.GetValue(operatorAccount)!;
            if (!key.Exists)
            {
                await error.WriteLineAsync($"error: --key-file {key.FullName} does not exist");
                return 1;
            }

            if (!IsHttpUrl(url))
            {
                await error.WriteLineAsync($"error: --rpc '{url}' is not an http(s) URL");
                return 1;
            }

            if (!Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(account) || account.Trim('0', 'x', 'X').Length == 0)
            {
                await error.WriteLineAsync($"error: --operator '{account}' is not an account address (0x and 40 hex digits)");
                return 1;
            }

            var siteMap = await SiteMapLoader.LoadFileAsync(parse.GetValue(siteFile)!.FullName, ct);
            if (!siteMap.IsValid)
            {
                await error.WriteAsync(SiteTreeReport.Render(siteMap));
                return 1;
            }

            ChainAddresses addresses;
            try
            {
                addresses = await ChainAddresses.LoadAsync(parse.GetValue(addressesFile)!.FullName, ct);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var privateKey = (await File.ReadAllTextAsync(key.FullName, ct)).Trim();
            try
            {
                var connection = await ConnectAsync(url, privateKey);
                if (connection.ChainId != addresses.ChainId)
                {
                    await error.WriteLineAsync($"error: the node at {url} is chain {connection.ChainId}, the addresses file is for chain {addresses.ChainId}");
                    return 1;
                }

                var map = siteMap.Topology!.Map;
                var site = new ChainSite(map.SiteId);
                var result = await new SiteJoiner(connection.Web3, addresses).JoinAsync(site, account, map.SiteName, ct);
                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"site '{map.SiteId}' ({result.SiteIdHex}) joined with operator {result.Operator}: {result.RolesGranted} roles granted, site binding {(result.SiteRegistered ? "written" : "already in place")}, settlements allocated through session {result.SettlementsAllocatedThrough}");
                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException
                                          or Nethereum.Contracts.SmartContractCustomErrorRevertException or InvalidOperationException or FormatException or ArgumentException)
            {
                await error.WriteLineAsync($"error: joining the site on {url} failed: {e.Message}");
                return 1;
            }
        });
        return join;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The account signs with the chain id (EIP-155), so the node is asked for it first.</summary>
    private static async Task<ChainConnection> ConnectAsync(string url, string privateKey)
    {
        var chainId = (long)(await new Web3(url).Eth.ChainId.SendRequestAsync()).Value;
        return ChainConnection.Create(url, privateKey, chainId);
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
