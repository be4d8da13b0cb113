using System.Security.Claims;
using System.Text.Json;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// Live events as Server-Sent Events. /api/v1/events (viewer): a "snapshot" first, then "chargePoint" and
/// "groups" events. /api/v1/me/events (user): a "changed" event whenever one of the user's charge points
/// changes, carrying no one else's data; the app then re-reads its own request. A comment line every 15 s
/// keeps proxies from closing an idle stream.
/// </summary>
public static class EventStreamEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapEventStreamEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", async (HttpContext context, LiveEventHub hub, SiteStatusReader reader, TimeProvider time) =>
        {
            using var subscription = hub.Subscribe();
            var ct = context.RequestAborted;
            await StartAsync(context.Response);
            var snapshot = new { at = time.GetUtcNow(), groups = reader.Groups(), chargePoints = await reader.ChargePointsAsync(ct) };
            await WriteAsync(context.Response, "snapshot", JsonSerializer.Serialize(snapshot, LiveEventHub.Json), ct);
            await PumpAsync(context.Response, subscription, _ => true, time, ct);
        }).RequireAuthorization(ApiPolicies.Viewer).ExcludeFromDescription();

        api.MapGet("/me/events", async (HttpContext context, LiveEventHub hub, ChargingRequestRepository requests, TimeProvider time) =>
        {
            var userId = long.Parse(context.User.FindFirstValue(BearerTokenAuthenticationHandler.UserIdClaim)!, System.Globalization.CultureInfo.InvariantCulture);
            using var subscription = hub.Subscribe();
            var ct = context.RequestAborted;
            await StartAsync(context.Response);
            await WriteAsync(context.Response, "changed", "{}", ct);
            // Which charge points are the user's is re-read per event: a new request may start mid-stream.
            await PumpAsync(context.Response, subscription, e => e.Event == "chargePoint", time, ct, async (e, token) =>
            {
                var mine = await requests.ListByUserAsync(userId, 20, token);
                return mine.Any(r => r.ChargePointId == e.ChargePointId && (r.IsOpen || r.UpdatedAt > time.GetUtcNow().AddHours(-1)))
                    ? new ServerSentEvent("changed", "{}", e.ChargePointId)
                    : null;
            });
        }).RequireAuthorization(ApiPolicies.User).ExcludeFromDescription();
        return api;
    }

    private static async Task StartAsync(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n");
        await response.Body.FlushAsync();
    }

    private static async Task PumpAsync(
        HttpResponse response, LiveEventSubscription subscription, Func<ServerSentEvent, bool> wanted, TimeProvider time, CancellationToken ct,
        Func<ServerSentEvent, CancellationToken, Task<ServerSentEvent?>>? transform = null)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(KeepAlive);
                bool ready;
                try
                {
                    ready = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync($": keep-alive {time.GetUtcNow():O}\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }

                if (!ready)
                {
                    return;
                }

                while (subscription.Reader.TryRead(out var e))
                {
                    if (!wanted(e))
                    {
                        continue;
                    }

                    var sent = transform is null ? e : await transform(e, ct);
                    if (sent is not null)
                    {
                        await WriteAsync(response, sent.Event, sent.Data, ct);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string name, string data, CancellationToken ct)
    {
        await response.WriteAsync($"event: {name}\ndata: {data}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
