using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OliMove.Ocpp.Messages;

namespace OliMove.Edge.WebTests;

/// <summary>/api/v1/alerts and the alert webhook, against simulated chargers over real sockets.</summary>
public class AlertApiTests
{
    private static async Task<JsonElement?> AlertAsync(WebTestSite site, string id)
    {
        var (response, body) = await site.GetAsync("/api/v1/alerts", WebTestSite.ViewerToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("count").GetInt32().Should().Be(body.GetProperty("alerts").GetArrayLength());
        return body.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("id").GetString() == id).Select(a => (JsonElement?)a).FirstOrDefault();
    }

    [Fact]
    public async Task A_faulted_connector_is_an_alert_with_since_and_link_until_it_reports_NoError_again()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        (await AlertAsync(site, "charger-fault:OLI-DEMO-03/1")).Should().BeNull();

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await cp.StatusAsync(1, ChargePointStatus.Faulted, ChargePointErrorCode.GroundFailure);
        JsonElement? alert = null;
        await WebTestSite.EventuallyAsync(async () => (alert = await AlertAsync(site, "charger-fault:OLI-DEMO-03/1")) is not null, "the fault is listed");
        alert!.Value.GetProperty("kind").GetString().Should().Be("charger-fault");
        alert.Value.GetProperty("message").GetString().Should().Contain("GroundFailure");
        alert.Value.GetProperty("since").GetDateTimeOffset().Should().BeOnOrAfter(before);
        alert.Value.GetProperty("link").GetString().Should().Be("/cockpit/#cp-OLI-DEMO-03");

        await cp.StatusAsync(1, ChargePointStatus.Available);
        await WebTestSite.EventuallyAsync(async () => await AlertAsync(site, "charger-fault:OLI-DEMO-03/1") is null, "the fault cleared");
        (await site.GetAsync("/api/v1/alerts?since=soon", WebTestSite.ViewerToken)).Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await site.GetAsync("/api/v1/alerts", null)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_charger_that_was_online_and_went_away_is_offline_since_it_was_last_seen()
    {
        await using var site = await WebTestSite.StartAsync(configure: o => o.Alerts.OfflineGraceSeconds = 0);
        var cp = await site.ChargePointAsync("OLI-DEMO-04");
        (await AlertAsync(site, "charger-offline:OLI-DEMO-04")).Should().BeNull();
        await cp.DisconnectAsync();
        await WebTestSite.EventuallyAsync(async () => await AlertAsync(site, "charger-offline:OLI-DEMO-04") is not null, "the charger is listed offline");
        (await AlertAsync(site, "charger-offline:OLI-DEMO-05")).Should().BeNull("a charger never seen is not reported offline every few seconds");
    }

    [Fact]
    public async Task Each_new_and_cleared_alert_is_posted_to_the_webhook_and_a_failed_post_is_retried()
    {
        var received = new ConcurrentQueue<JsonElement>();
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var hook = builder.Build();
        hook.MapPost("/hook", async (HttpRequest request) =>
        {
            // The first delivery fails: the sender must try again.
            if (Interlocked.Increment(ref calls) == 1)
            {
                return Results.StatusCode(503);
            }

            received.Enqueue((await JsonDocument.ParseAsync(request.Body)).RootElement.Clone());
            return Results.Ok();
        });
        await hook.StartAsync();
        var url = hook.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var site = await WebTestSite.StartAsync(configure: o => o.Alerts.WebhookUrl = $"{url}/hook");
        var cp = await site.ChargePointAsync("OLI-DEMO-03");
        await cp.StatusAsync(1, ChargePointStatus.Faulted, ChargePointErrorCode.OverCurrentFailure);
        bool Has(string kind) => received.Any(e => e.GetProperty("event").GetString() == kind && e.GetProperty("alert").GetProperty("id").GetString() == "charger-fault:OLI-DEMO-03/1");
        await WebTestSite.EventuallyAsync(() => Task.FromResult(Has("alert.raised")), "the new alert was posted", seconds: 20);
        await cp.StatusAsync(1, ChargePointStatus.Available);
        await WebTestSite.EventuallyAsync(() => Task.FromResult(Has("alert.cleared")), "the cleared alert was posted", seconds: 20);

        var raised = received.First(e => e.GetProperty("event").GetString() == "alert.raised" && e.GetProperty("alert").GetProperty("id").GetString() == "charger-fault:OLI-DEMO-03/1");
        raised.GetProperty("site").GetString().Should().Be("demo");
        raised.GetProperty("alert").GetProperty("message").GetString().Should().Contain("OverCurrentFailure");
        calls.Should().BeGreaterThan(received.Count, "the first post was answered 503 and sent again");
        await hook.StopAsync();
    }
}
