using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OliMove.Chain.Tests;

/// <summary>
/// A JSON-RPC proxy on 127.0.0.1 in front of anvil that refuses <c>eth_getLogs</c> over more than
/// <paramref name="maxBlocks"/> blocks with a provider-style error, as public nodes do, and forwards everything else.
/// </summary>
internal sealed class RangeLimitedNode : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;
    private readonly long _maxBlocks;
    private readonly Task _serving;

    public RangeLimitedNode(string target, long maxBlocks)
    {
        _target = target;
        _maxBlocks = maxBlocks;
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

    /// <summary>eth_getLogs calls refused for their range.</summary>
    public int Refused { get; private set; }

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
            var request = JsonNode.Parse(body)!;
            string answer;
            if (request["method"]?.GetValue<string>() == "eth_getLogs" && Range(request["params"]![0]!) > _maxBlocks)
            {
                Refused++;
                answer = new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = request["id"]!.DeepClone(),
                    ["error"] = new JsonObject { ["code"] = -32005, ["message"] = $"query exceeds max block range {_maxBlocks}" },
                }.ToJsonString();
            }
            else
            {
                using var forwarded = await _upstream.PostAsync(_target, new StringContent(body, Encoding.UTF8, "application/json"));
                answer = await forwarded.Content.ReadAsStringAsync();
            }

            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static long Range(JsonNode filter) => Block(filter["toBlock"]) - Block(filter["fromBlock"]) + 1;

    private static long Block(JsonNode? block) =>
        block?.GetValueKind() == JsonValueKind.String && block.GetValue<string>() is { } hex && hex.StartsWith("0x", StringComparison.Ordinal)
            ? long.Parse(hex[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.MaxValue / 2;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _upstream.Dispose();
    }
}
