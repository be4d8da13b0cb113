using System.Net;
using System.Net.Sockets;

namespace OliMove.Modbus.Tests;

/// <summary>A raw TCP peer that answers each request frame with whatever bytes the test scripts, malformed or not.</summary>
public sealed class ScriptedModbusServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedModbusServer(Func<MbapHeader, byte[], byte[]> answer)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = RunAsync(answer);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _listener.Dispose();
        _stop.Dispose();
    }

    /// <summary>A frame as a server would send it.</summary>
    public static byte[] Frame(ushort transactionId, byte unitId, params byte[] pdu)
    {
        var frame = new byte[MbapHeader.Size + pdu.Length];
        new MbapHeader(transactionId, 0, (ushort)(pdu.Length + 1), unitId).Write(frame);
        pdu.CopyTo(frame, MbapHeader.Size);
        return frame;
    }

    private async Task RunAsync(Func<MbapHeader, byte[], byte[]> answer)
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var header = new byte[MbapHeader.Size];
                try
                {
                    while (true)
                    {
                        await stream.ReadExactlyAsync(header, _stop.Token);
                        var mbap = MbapHeader.Read(header);
                        var pdu = new byte[mbap.PduLength];
                        await stream.ReadExactlyAsync(pdu, _stop.Token);
                        await stream.WriteAsync(answer(mbap, pdu), _stop.Token);
                    }
                }
                catch (Exception ex) when (ex is IOException or EndOfStreamException or SocketException)
                {
                    // The client closed; wait for the next one.
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
