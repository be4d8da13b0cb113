using System.CommandLine;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using OliMove.Chain;
using OliMove.Chain.Fleet;
using OliMove.Edge.Fleet;

namespace OliMove.Edge.Cli;

/// <summary>
/// <c>olimove-edge fleet --rpc URL --addresses FILE [--json]</c>: per site of a CPO's contracts, slots committed,
/// energy, sessions settled, tokens minted, algorithm versions and the last verification, read from the chain
/// with no key (docs/operations.md, "The fleet view").
/// </summary>
public static class FleetCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "The node's JSON-RPC URL.", Required = true };
        var addressesFile = new Option<FileInfo>("--addresses") { Description = "The CPO's contract address file (`chain deploy` wrote it).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON (the shape of GET /api/v1/fleet) instead of a table." };
        var blocksPerPage = new Option<long>("--blocks-per-page")
        {
            Description = "Blocks per eth_getLogs call; a node that refuses a page gets half of it.",
            DefaultValueFactory = _ => new FleetReadOptions().BlocksPerPage,
        };
        var confirmations = new Option<int>("--confirmations") { Description = "Leave this many blocks at the head out of the view (a public chain's reorg depth)." };
        var fleet = new Command("fleet", "Show each site of the CPO's contracts as the chain records it: slots committed, energy, sessions settled, tokens minted, algorithm versions, last verification. Needs no key. Exit code 0 when read, 1 when the node is another chain, 2 when it cannot be read.")
        {
            rpc, addressesFile, json, blocksPerPage, confirmations,
        };
        fleet.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var url = parse.GetValue(rpc)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                await error.WriteLineAsync($"error: --rpc '{RpcUrlRedaction.Redact(url)}' is not an http(s) URL");
                return 2;
            }

            if (parse.GetValue(blocksPerPage) < 1 || parse.GetValue(confirmations) < 0)
            {
                await error.WriteLineAsync("error: --blocks-per-page must be 1 or more and --confirmations 0 or more");
                return 2;
            }

            ChainAddresses addresses;
            try
            {
                addresses = await ChainAddresses.LoadAsync(parse.GetValue(addressesFile)!.FullName, ct);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            FleetView view;
            try
            {
                view = await new FleetReader(new Web3(url), addresses, new FleetReadOptions
                {
                    BlocksPerPage = parse.GetValue(blocksPerPage),
                    Confirmations = parse.GetValue(confirmations),
                }).ReadAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException)
            {
                await error.WriteLineAsync($"error: the chain node at {RpcUrlRedaction.Redact(url)} cannot be read: {RpcUrlRedaction.Scrub(e.Message, url)}");
                return 2;
            }

            // Another chain's records (a test net, a fork) say nothing about this CPO's sites.
            if (view.ChainId != addresses.ChainId)
            {
                await error.WriteLineAsync($"error: the node at {RpcUrlRedaction.Redact(url)} is chain {view.ChainId}, the address file names chain {addresses.ChainId}: wrong --rpc or --addresses");
                return 1;
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(FleetDocument.From(view, addresses), Json));
            }
            else
            {
                await FleetTable.WriteAsync(output, view, addresses);
            }

            return 0;
        });
        return fleet;
    }
}
