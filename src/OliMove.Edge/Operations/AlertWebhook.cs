using System.Threading.Channels;
using OliMove.Edge.Hosting;

namespace OliMove.Edge.Operations;

/// <summary>
/// Sends each alert event as an HTTP POST with a JSON body <c>{ event, site, at, alert }</c> to
/// <see cref="AlertOptions.WebhookUrl"/>, retried with doubling backoff (1 s, 2 s, 4 s, ... at most 5 min) up to
/// <see cref="AlertOptions.WebhookMaxAttempts"/>. Never blocks the alert check: events wait in a bounded queue (the
/// oldest is dropped, with a log line, when 1,000 wait), and one sender delivers them in order.
/// </summary>
public sealed class AlertWebhook(AlertOptions options, SiteState site, TimeProvider time, ILogger<AlertWebhook> logger) : BackgroundService
{
    private const int Capacity = 1000;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => logger.LogWarning("Alert webhook queue full ({Capacity}): dropped the oldest event", Capacity));

    public bool Enabled => Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public void Enqueue(string kind, Alert alert)
    {
        if (Enabled)
        {
            _queue.Writer.TryWrite(new { @event = kind, site = site.Topology.Map.SiteId, at = time.GetUtcNow(), alert });
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.WebhookUrl))
            {
                logger.LogError("Alerts.WebhookUrl '{Url}' is not an absolute http(s) URL: no alert webhook", options.WebhookUrl);
            }

            return;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri(options.WebhookUrl);
        try
        {
            await foreach (var body in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var delay = TimeSpan.FromSeconds(1);
                for (var attempt = 1; ; attempt++)
                {
                    string failure;
                    try
                    {
                        using var response = await http.PostAsJsonAsync(url, body, Api.ApiJson.Options, stoppingToken);
                        if (response.IsSuccessStatusCode)
                        {
                            break;
                        }

                        failure = $"HTTP {(int)response.StatusCode}";
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                    {
                        failure = e.Message;
                    }

                    if (attempt >= Math.Max(1, options.WebhookMaxAttempts))
                    {
                        logger.LogError("Alert webhook gave up after {Attempts} attempts ({Failure}); the alert stays in /api/v1/alerts", attempt, failure);
                        break;
                    }

                    logger.LogWarning("Alert webhook attempt {Attempt} failed ({Failure}); retrying in {Delay}", attempt, failure, delay);
                    await Task.Delay(delay, time, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, delay.Ticks * 2));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
