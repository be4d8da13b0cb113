using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A brute-force run against the real service (a child process): wrong AuthorizationKeys and wrong passwords from
/// several 127.0.0.x addresses, paced evenly over a while, while live chargers send Heartbeats back to back; the
/// chargers' round trips before and during the flood, and how the flood was answered (issue 21, docs/bench/security.md).
/// </summary>
public sealed class BruteForceRun
{
    public required int WrongKeys { get; init; }

    public required int WrongPasswords { get; init; }

    public required int Addresses { get; init; }

    public required TimeSpan Spread { get; init; }

    public int LiveChargers { get; init; } = 3;

    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<BruteForceResult> RunAsync(Uri baseUri, Uri ocppUri, IReadOnlyList<string> liveIds, IReadOnlyList<string> targetIds, string realLogin)
    {
        var chargers = new List<RawOcppClient>();
        foreach (var id in liveIds.Take(LiveChargers))
        {
            var charger = await RawOcppClient.ConnectAsync(ocppUri, id, TestSiteMap.Key(id));
            (await charger.CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "Raw", ["chargePointModel"] = "Socket" }, a => AnswerAsync(charger, a)))
                .Should().NotBeNull("a live charger boots");
            chargers.Add(charger);
        }

        try
        {
            var load = File.Exists("/proc/loadavg") ? await File.ReadAllTextAsync("/proc/loadavg") : "";
            var baseline = await HeartbeatsAsync(chargers, Baseline, Task.CompletedTask);
            var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Kind, int Status)>();
            var attack = Task.WhenAll(
                PacedAsync(WrongKeys, i => WrongKeyAsync(ocppUri, targetIds[i % targetIds.Count], i, 2 + (i % Addresses), outcomes)),
                PacedAsync(WrongPasswords, i => WrongPasswordAsync(baseUri, i % 4 == 0 ? realLogin : $"guess-{i % 50}", i, 2 + (i % Addresses), outcomes)));
            var during = await HeartbeatsAsync(chargers, Spread, attack);
            await attack;
            return new BruteForceResult(baseline, during, [.. outcomes], load.Trim());
        }
        finally
        {
            foreach (var charger in chargers)
            {
                await charger.DisposeAsync();
            }
        }
    }

    private async Task PacedAsync(int count, Func<int, Task> attempt)
    {
        var clock = Stopwatch.StartNew();
        var running = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var due = Spread * i / count;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            running.Add(attempt(i));
        }

        await Task.WhenAll(running);
    }

    /// <summary>Each charger sends Heartbeat after Heartbeat until <paramref name="duration"/> has passed and the attack is over.</summary>
    private static async Task<List<double>> HeartbeatsAsync(List<RawOcppClient> chargers, TimeSpan duration, Task attack)
    {
        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(chargers.Select(async charger =>
        {
            while (clock.Elapsed < duration || !attack.IsCompleted)
            {
                var call = Stopwatch.StartNew();
                var reply = await charger.CallAsync("Heartbeat", [], a => AnswerAsync(charger, a));
                reply.Should().NotBeNull("every Heartbeat is answered");
                lock (samples)
                {
                    samples.Add(call.Elapsed.TotalMilliseconds);
                }

                await Task.Delay(50);
            }
        }));
        return samples;
    }

    // The service configures a charger after its boot (GetConfiguration, ChangeConfiguration, profiles): answer as a compliant one.
    private static Task AnswerAsync(RawOcppClient charger, JsonArray call)
    {
        var payload = call[2]!.GetValue<string>() == "GetConfiguration" ? new JsonObject { ["configurationKey"] = new JsonArray() } : new JsonObject { ["status"] = "Accepted" };
        return charger.SendTextAsync(new JsonArray(3, call[1]!.GetValue<string>(), payload).ToJsonString());
    }

    private static async Task WrongKeyAsync(Uri ocppUri, string id, int attempt, int address, System.Collections.Concurrent.ConcurrentBag<(string, int)> outcomes)
    {
        using var invoker = new HttpMessageInvoker(Bound(address));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}:guessed-key-{attempt:000000}"))));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(new Uri(ocppUri.ToString().TrimEnd('/') + "/" + id), invoker, timeout.Token);
            outcomes.Add(("key", (int)socket.HttpStatusCode));
        }
        catch (WebSocketException)
        {
            outcomes.Add(("key", (int)socket.HttpStatusCode));
        }
        catch (OperationCanceledException)
        {
            outcomes.Add(("key", 0));
        }
    }

    private static async Task WrongPasswordAsync(Uri baseUri, string login, int attempt, int address, System.Collections.Concurrent.ConcurrentBag<(string, int)> outcomes)
    {
        using var http = new HttpClient(Bound(address)) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.PostAsJsonAsync("/api/v1/me/sign-in", new { login, password = string.Create(CultureInfo.InvariantCulture, $"guessed password {attempt}") });
            outcomes.Add(("password", (int)response.StatusCode));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            outcomes.Add(("password", 0));
        }
    }

    /// <summary>A handler whose connections leave from 127.0.0.<paramref name="address"/> (Linux routes 127/8 on loopback).</summary>
    private static SocketsHttpHandler Bound(int address) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)address]), 0));
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
}
