using System.Globalization;

namespace OliMove.Tools.Soak;

/// <summary>
/// Reads a process's memory, descriptors and TCP sockets from /proc: VmRSS and VmHWM from status, the
/// descriptors from fd/ (a socket's link reads <c>socket:[inode]</c>), and the states of those inodes from
/// net/tcp and net/tcp6.
/// </summary>
public static class ProcessResourceReader
{
    private const string Established = "01";
    private const string CloseWait = "08";
    private const string Listen = "0A";

    public static bool IsAvailable => OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd");

    public static ProcessResources Read(int pid)
    {
        long rss = 0, peak = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var descriptors = 0;
        var files = 0;
        var socketInodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            descriptors++;
            string? target;
            try
            {
                target = new FileInfo(entry).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed between listing and reading
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                socketInodes.Add(target["socket:[".Length..^1]);
            }
            else if (target is not null && target.StartsWith('/'))
            {
                files++;
            }
        }

        int established = 0, closeWait = 0, other = 0;
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || !socketInodes.Contains(fields[9]))
                {
                    continue;
                }

                switch (fields[3])
                {
                    case Established: established++; break;
                    case CloseWait: closeWait++; break;
                    case Listen: break;
                    default: other++; break;
                }
            }
        }

        return new ProcessResources(rss, peak, threads, descriptors, socketInodes.Count, files, established, closeWait, other);
    }

    private static long Kilobytes(string statusLine) =>
        long.Parse(statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
