using System.Runtime.InteropServices;

namespace OliMove.Edge.DemoTests;

/// <summary>kill(2): .NET can only send SIGKILL to a process; Ctrl-C is SIGINT.</summary>
public static partial class UnixSignal
{
    public const int Interrupt = 2;
    public const int Kill = 9;
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to a process, or to a whole process group when <paramref name="pid"/> is negative.</summary>
    public static bool Send(int pid, int signal) => NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
