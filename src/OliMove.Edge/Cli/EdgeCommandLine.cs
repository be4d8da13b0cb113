using System.CommandLine;

namespace OliMove.Edge.Cli;

/// <summary>The olimove-edge command tree. Each verb lives in its own type; this only assembles them.</summary>
public static class EdgeCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("OliMove Edge: on-site smart charging controller (OCPP 1.6J, SunSpec, Ethereum).");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SiteCommands.Create());
        root.Subcommands.Add(ApiCommands.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(ChainCommands.Create());
        root.Subcommands.Add(FleetCommand.Create());
        root.Subcommands.Add(PvCommands.Create());
        return root;
    }
}
