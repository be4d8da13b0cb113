using System.CommandLine;
using System.Globalization;
using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Logging;
using OliMove.Edge.Security;
using OliMove.SiteMap;

namespace OliMove.Edge.Cli;

/// <summary><c>olimove-edge run</c>: the service on a real site.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "JSON config file (see README, 'Configuration'). Every key can also be set by an OLIMOVE_ environment variable, e.g. OLIMOVE_Chain__RpcUrl." };
        var site = new Option<string?>("--site") { Description = "Site map YAML; overrides SiteMap from the config." };
        var database = new Option<string?>("--db") { Description = "SQLite file; overrides Database from the config." };
        var urls = new Option<string?>("--urls") { Description = "Listen URLs, separated by ';' (e.g. http://0.0.0.0:8080); overrides Urls." };
        var clockSpeed = new Option<double?>("--clock-speed") { Description = "Run the clock this many times faster than real time; 0 freezes it (demos and tests only; never on a site)." };
        var clockStart = new Option<string?>("--clock-start") { Description = "With --clock-speed: the simulated start instant (ISO 8601, UTC)." };
        var demo = new Option<bool>("--demo") { Description = "Allow the demo's public values (the demo viewer token, demo-key-* charger keys); never on a site." };
        var run = new Command("run", "Run the controller: OCPP 1.6J central system, PV polling, the slot loop, the chain outbox, the API and the pages.")
        {
            config, site, database, urls, clockSpeed, clockStart, demo,
        };
        run.SetAction(async (parse, ct) =>
        {
            if (GatewayPrerequisiteCheck.ForThisMachine().FirstMissing() is { } missing)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {missing}");
                return 1;
            }

            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(site) is { } s)
            {
                overrides["SiteMap"] = Path.GetFullPath(s);
            }

            if (parse.GetValue(database) is { } d)
            {
                overrides["Database"] = Path.GetFullPath(d);
            }

            if (parse.GetValue(urls) is { } u)
            {
                var list = u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < list.Length; i++)
                {
                    overrides[$"Urls:{i}"] = list[i];
                }
            }

            EdgeOptions options;
            try
            {
                options = EdgeOptionsLoader.Load(parse.GetValue(config)?.FullName, overrides);
            }
            catch (EdgeConfigurationException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var siteMap = await SiteMapLoader.LoadFileAsync(options.SiteMap, ct);
            if (!siteMap.IsValid)
            {
                await parse.InvocationConfiguration.Error.WriteAsync(SiteTreeReport.Render(siteMap));
                return 1;
            }

            // Public demo values and open doors are refused before anything starts (decision 0249).
            var unsafeSettings = await UnsafeConfiguration.FindAsync(options, siteMap.Topology!, parse.GetValue(demo), ct);
            if (unsafeSettings.Count > 0)
            {
                foreach (var finding in unsafeSettings)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: unsafe configuration: {finding}");
                }

                return 1;
            }

            TimeProvider time = TimeProvider.System;
            if (parse.GetValue(clockSpeed) is { } speed)
            {
                var start = parse.GetValue(clockStart) is { } text
                    ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                    : DateTimeOffset.UtcNow;
                // Speed 0 stands the clock still (tests comparing two processes' plans at one moment).
                time = speed == 0 ? new FrozenTimeProvider(start) : new AcceleratedTimeProvider(start, speed);
            }

            using var logger = (Serilog.Core.Logger)EdgeLogging.Create(options.Logs);
            WebApplication built;
            try
            {
                built = await EdgeApplication.BuildAsync(options, siteMap, time, logger, ct);
            }
            catch (EdgeConfigurationException e)
            {
                // E.g. a database of another site or chain deployment (decision 0256): say so, start nothing.
                logger.Error("Not starting: {Reason}", e.Message);
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            await using var app = built;
            logger.Information("OliMove Edge on {Urls}, site {Site}, database {Database}", string.Join(", ", options.Urls), options.SiteMap, options.Database);
            await app.RunAsync(ct);
            return 0;
        });
        return run;
    }
}
