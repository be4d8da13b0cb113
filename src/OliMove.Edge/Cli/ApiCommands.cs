using System.CommandLine;
using OliMove.Edge.Api;

namespace OliMove.Edge.Cli;

/// <summary><c>olimove-edge api ...</c>: tokens for the status API and the cockpit.</summary>
public static class ApiCommands
{
    public static Command Create()
    {
        var api = new Command("api", "Status API tokens.");
        var hash = new Command("hash-token", "Make a new random API token and print it with the SHA-256 that goes into the config's Api.Tokens (the token itself is never stored).");
        hash.SetAction(async (parse, ct) =>
        {
            var token = ApiTokenHash.NewToken();
            await parse.InvocationConfiguration.Output.WriteLineAsync($"token   {token}");
            await parse.InvocationConfiguration.Output.WriteLineAsync($"sha256  {ApiTokenHash.Sha256Hex(token)}");
            return 0;
        });
        api.Subcommands.Add(hash);
        return api;
    }
}
