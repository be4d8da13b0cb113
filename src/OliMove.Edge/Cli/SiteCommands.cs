using System.CommandLine;
using OliMove.SiteMap;

namespace OliMove.Edge.Cli;

/// <summary><c>olimove-edge site ...</c>: what technicians run before a restart.</summary>
public static class SiteCommands
{
    public static Command Create()
    {
        var site = new Command("site", "Site map commands for technicians.");
        site.Subcommands.Add(CreateCheck());
        site.Subcommands.Add(CreateHashKey());
        return site;
    }

    private static Command CreateCheck()
    {
        var file = new Argument<FileInfo>("file") { Description = "The site map (YAML) to validate." };
        var check = new Command("check", "Validate a site map and print its tree of groups, circuits, charge points, PV, batteries and loads with each group's capacity. Exit code 0 when valid, 1 otherwise.")
        {
            file,
        };
        check.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{path.FullName}: error: the file does not exist");
                return 1;
            }

            var result = await SiteMapLoader.LoadFileAsync(path.FullName, ct);
            var writer = result.IsValid ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error;
            await writer.WriteAsync(SiteTreeReport.Render(result));
            return result.IsValid ? 0 : 1;
        });
        return check;
    }

    private static Command CreateHashKey()
    {
        var key = new Option<string>("--key") { Description = "The charge point's AuthorizationKey (16 to 40 characters). Read from standard input when absent, so it stays out of the shell history." };
        var hash = new Command("hash-key", "Print the salted hash of a charge point's AuthorizationKey, for the site map's authorizationKeyHash.") { key };
        hash.SetAction(async (parse, ct) =>
        {
            var value = parse.GetValue(key) ?? (await Console.In.ReadLineAsync(ct))?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: no key given (use --key or standard input)");
                return 1;
            }

            try
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(AuthorizationKeyHash.Create(value));
                return 0;
            }
            catch (ArgumentException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return hash;
    }
}
