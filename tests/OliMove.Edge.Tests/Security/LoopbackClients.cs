using System.Net;
using System.Net.Sockets;

namespace OliMove.Edge.Tests.Security;

/// <summary>
/// HTTP clients whose connections leave from a chosen 127.0.0.x address (Linux routes all of 127/8 on loopback), so a
/// test can play several remote addresses against the real service without trusting X-Forwarded-For.
/// </summary>
public static class LoopbackClients
{
    public static IPAddress Address(int index) => new([127, 0, 0, (byte)index]);

    public static SocketsHttpHandler Handler(int index) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(Address(index), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient Client(Uri baseUri, int index) => new(Handler(index)) { BaseAddress = baseUri };
}
