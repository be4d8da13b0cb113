using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Integration;

/// <summary>A chain write parked for good (the writer's side is tested on anvil) is an alert the operator sees, not an outage.</summary>
public class ChainParkedAlertTests
{
    [Fact]
    public async Task A_parked_chain_write_shows_as_an_alert_in_health_and_the_chain_status_while_health_stays_ok()
    {
        await using var host = await EdgeTestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        var quiet = await http.GetFromJsonAsync<JsonElement>("api/v1/health");
        // demo.yaml's inverter and battery have no simulator here: they may alert, the chain must not.
        quiet.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()).Should().NotContain(a => a!.Contains("outbox", StringComparison.Ordinal));

        var outbox = new ChainOutboxRepository(host.Get<EdgeDatabase>());
        await outbox.EnqueueAsync("chain.slot", "slot:parked-1", "{}", DateTimeOffset.UtcNow);
        var item = (await outbox.GetByKeysAsync(["slot:parked-1"])).Single();
        await outbox.RecordFailureAsync([item.Id], "The contract refused the write: UnknownAlgorithmVersion.", permanent: true, DateTimeOffset.UtcNow);

        var health = await http.GetAsync("api/v1/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "a parked item does not impair the service");
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("ok");
        body.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()).Should().ContainSingle(a => a!.Contains("outbox", StringComparison.Ordinal))
            .Which.Should().Contain("1 outbox item(s) parked").And.Contain("slot:parked-1").And.Contain("UnknownAlgorithmVersion");
        var chain = JsonSerializer.SerializeToElement(await host.Get<ChainRuntime>().StatusAsync(CancellationToken.None), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        chain.GetProperty("failedCount").GetInt32().Should().Be(1);
        chain.GetProperty("lastFailure").GetString().Should().StartWith("slot:parked-1: ");
    }
}
