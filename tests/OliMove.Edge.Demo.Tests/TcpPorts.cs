using System.Net;
using System.Net.Sockets;

namespace OliMove.Edge.DemoTests;

/// <summary>Loopback ports: a free one for each listener the demo opens, and whether anything still listens.</summary>
public static class TcpPorts
{
    /// <summary>A port the kernel just handed out (bind to 0) and that is free again when this returns.</summary>
    public static int Free()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false; // refused: nothing listens
        }
    }
}
