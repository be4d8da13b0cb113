using System.Diagnostics;
using System.Net;
using OliMove.Edge.Api;
using OliMove.Ocpp.Messages;

namespace OliMove.Edge.WebTests;

/// <summary>The live stream under load: 100 cockpit clients at once (issue 8's acceptance; figures in docs/bench/web.md).</summary>
public class LiveStreamLoadTests
{
    [Fact]
    public async Task One_hundred_clients_each_get_a_change_from_a_simulated_charger()
    {
        const int Clients = 100;
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-04");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients + 10 };
        using var http = new HttpClient(handler) { BaseAddress = site.Host.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var readers = new List<StreamReader>();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < Clients; i++)
        {
            var response = await http.GetAsync($"api/v1/events?access_token={WebTestSite.ViewerToken}", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            responses.Add(response);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
            await StatusApiTests.NextEventAsync(reader, "snapshot", _ => true, deadline.Token);
            readers.Add(reader);
        }

        site.Host.Get<LiveEventHub>().SubscriberCount.Should().Be(Clients);
        var clock = Stopwatch.StartNew();
        await cp.StatusAsync(1, ChargePointStatus.Faulted);
        var latencies = await Task.WhenAll(readers.Select(async r =>
        {
            await StatusApiTests.NextEventAsync(r, "chargePoint", e => e.GetProperty("id").GetString() == "OLI-DEMO-04"
                && e.GetProperty("connectors")[0].GetProperty("status").GetString() == "Faulted", deadline.Token);
            return clock.Elapsed;
        }));

        latencies.Should().HaveCount(Clients);
        latencies.Max().Should().BeLessThan(TimeSpan.FromSeconds(2), "a live change must reach every cockpit within 2 s");
        Console.WriteLine($"SSE fan-out to {Clients} clients: median {latencies.Order().ElementAt(Clients / 2).TotalMilliseconds:0} ms, max {latencies.Max().TotalMilliseconds:0} ms");
        foreach (var r in readers)
        {
            r.Dispose();
        }

        foreach (var r in responses)
        {
            r.Dispose();
        }
    }
}
