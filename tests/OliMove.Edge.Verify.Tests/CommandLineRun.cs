using OliMove.Edge.Cli;

namespace OliMove.Edge.VerifyTests;

/// <summary>What one olimove-edge invocation printed and returned, run in-process through the real command tree.</summary>
public sealed record CommandLineRun(int ExitCode, string Output, string Error)
{
    public static async Task<CommandLineRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await EdgeCommandLine.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return new CommandLineRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The per-slot verdict lines ("slot N yyyy-MM-dd HH:mmZ ... OK|MISMATCH").</summary>
    public IReadOnlyList<string> SlotLines => Output.Split('\n').Where(l => l.StartsWith("slot ", StringComparison.Ordinal)).ToList();

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
