namespace OliMove.Tools.Soak;

/// <summary>What the service process holds at one instant, read from /proc (Linux).</summary>
/// <param name="RssBytes">VmRSS: resident memory.</param>
/// <param name="PeakRssBytes">VmHWM: the highest resident memory so far.</param>
/// <param name="OpenDescriptors">Entries of /proc/&lt;pid&gt;/fd: files, sockets, pipes, event fds.</param>
/// <param name="Sockets">Descriptors that are sockets.</param>
/// <param name="Files">Descriptors of files (a path: the SQLite file and its WAL, logs, assemblies).</param>
/// <param name="TcpEstablished">The process's TCP sockets in ESTABLISHED.</param>
/// <param name="TcpCloseWait">In CLOSE_WAIT: the peer closed and the process never did (the classic leak).</param>
/// <param name="TcpOther">Every other TCP state but LISTEN (TIME_WAIT is not owned by a process and not counted).</param>
public sealed record ProcessResources(
    long RssBytes,
    long PeakRssBytes,
    int Threads,
    int OpenDescriptors,
    int Sockets,
    int Files,
    int TcpEstablished,
    int TcpCloseWait,
    int TcpOther)
{
    /// <summary>Everything but sockets: files, pipes, epoll and event descriptors.</summary>
    public int NonSocketDescriptors => OpenDescriptors - Sockets;
}
