using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Chain.Tests;

/// <summary>A JSON-RPC proxy on 127.0.0.1 in front of anvil that forwards every call and counts them by method.</summary>
internal sealed class CountingNode : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;
    private readonly Task _serving;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public CountingNode(string target)
    {
        _target = target;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>Calls of <paramref name="method"/> since the last <see cref="Reset"/>.</summary>
    public int Calls(string method) => _calls.GetValueOrDefault(method);

    public void Reset() => _calls.Clear();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var method = JsonNode.Parse(body)?["method"]?.GetValue<string>() ?? "?";
            _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
            using var forwarded = await _upstream.PostAsync(_target, new StringContent(body, Encoding.UTF8, "application/json"));
            var bytes = Encoding.UTF8.GetBytes(await forwarded.Content.ReadAsStringAsync());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _upstream.Dispose();
    }
}
