using System.CommandLine;
using OliMove.Modbus.SunSpec;

namespace OliMove.Edge.Cli;

/// <summary><c>olimove-edge pv ...</c>: commissioning PV inverters.</summary>
public static class PvCommands
{
    public static Command Create()
    {
        var pv = new Command("pv", "PV inverter commands for technicians.");
        pv.Subcommands.Add(CreateProbe());
        return pv;
    }

    private static Command CreateProbe()
    {
        var host = new Option<string>("--host") { Description = "The inverter's (or its Modbus TCP gateway's) address.", Required = true };
        var port = new Option<int>("--port") { Description = "Modbus TCP port (usually 502; SolarEdge 1502).", DefaultValueFactory = _ => 502 };
        var unit = new Option<byte>("--unit") { Description = "Modbus unit id (SMA 126; SolarEdge and Fronius 1).", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 3 };
        var probe = new Command("probe", "Connect to a SunSpec inverter over Modbus TCP, find its map, and print its identity, nameplate and production now, or why it could not (with a hint). Exit code 0 only when a SunSpec inverter was found.")
        {
            host, port, unit, timeout,
        };
        probe.SetAction(async (parse, ct) =>
        {
            var seconds = parse.GetValue(timeout);
            if (seconds is <= 0 or > 600 || double.IsNaN(seconds))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: --timeout must be in (0, 600] seconds");
                return 1;
            }

            var report = await new SunSpecProbe(TimeProvider.System, TimeSpan.FromSeconds(seconds))
                .ProbeAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(unit), ct);
            var writer = report.Succeeded ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error;
            await writer.WriteAsync(SunSpecProbeReportRenderer.RenderText(report));
            return report.Succeeded ? 0 : 1;
        });
        return probe;
    }
}
