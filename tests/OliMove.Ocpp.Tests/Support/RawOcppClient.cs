using System.Net;
using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Tests.Support;

/// <summary>A bare WebSocket peer that sends and receives frames as text, to test the wire exactly.</summary>
public sealed class RawOcppClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];

    private RawOcppClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public string? SubProtocol => _socket.SubProtocol;

    public static async Task<RawOcppClient> ConnectAsync(Uri uri, string? user = null, string? password = null, string? subProtocol = "ocpp1.6",
        Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }
        if (user is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new RawOcppClient(socket);
    }

    /// <summary>The HTTP status the server refused the upgrade with.</summary>
    public static async Task<HttpStatusCode> RefusalAsync(Uri uri, string? user = null, string? password = null, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.CollectHttpResponseDetails = true;
        if (user is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
        socket.Abort();
        throw new InvalidOperationException("the upgrade was accepted");
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next text frame, or null when the server closed the connection.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cts.Token);
            count += result.Count;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return null;
            }
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(_buffer, 0, count);
    }

    public async Task<JArray> ReceiveFrameAsync(TimeSpan? timeout = null) =>
        JArray.Parse(await ReceiveAsync(timeout) ?? throw new InvalidOperationException("connection closed"));

    /// <summary>Sends one frame and returns the reply frame.</summary>
    public async Task<JArray> ExchangeAsync(string frame)
    {
        await SendAsync(frame);
        return await ReceiveFrameAsync();
    }

    public async Task<JArray> BootAsync() =>
        await ExchangeAsync("""[2,"boot","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]""");

    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
        _socket.Dispose();
    }
}
