namespace OliMove.Edge.DemoTests;

/// <summary>One process as /proc/PID/stat and /proc/PID/cmdline describe it.</summary>
/// <param name="StartTicks">Start time in clock ticks after boot: with the pid, it names the process even if the pid is reused.</param>
/// <param name="State">R, S, D, Z (zombie: exited, not yet reaped), ...</param>
public sealed record ProcessEntry(int Pid, int ParentPid, int SessionId, char State, ulong StartTicks, string CommandLine)
{
    public override string ToString() => $"{Pid} ({State}) {CommandLine}";
}
