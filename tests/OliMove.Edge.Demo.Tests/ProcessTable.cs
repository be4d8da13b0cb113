using System.Globalization;

namespace OliMove.Edge.DemoTests;

/// <summary>Reads the process table from /proc (Linux), so the test sees every process, not only its own children.</summary>
public static class ProcessTable
{
    public static ProcessEntry? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may contain spaces: the fields that follow start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new ProcessEntry(
                pid,
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture),
                fields[0][0],
                ulong.Parse(fields[19], CultureInfo.InvariantCulture),
                commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone between listing and reading
        }
    }

    /// <summary>Every process whose session is <paramref name="sessionId"/> (a process started with setsid leads its own).</summary>
    public static IReadOnlyList<ProcessEntry> InSession(int sessionId) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is not null && name.All(char.IsAsciiDigit))
            .Select(name => Read(int.Parse(name!, CultureInfo.InvariantCulture)))
            .OfType<ProcessEntry>()
            .Where(p => p.SessionId == sessionId)];

    /// <summary>Still running: the same process (pid and start time) exists and has not exited.</summary>
    public static bool IsRunning(ProcessEntry process) =>
        Read(process.Pid) is { } now && now.StartTicks == process.StartTicks && now.State != 'Z';
}
