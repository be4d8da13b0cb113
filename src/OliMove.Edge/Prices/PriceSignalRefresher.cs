namespace OliMove.Edge.Prices;

/// <summary>Reads the configured price and CO₂ sources at start and every <c>Prices.RefreshMinutes</c> after, on the injected clock.</summary>
public sealed class PriceSignalRefresher(EnergySignalSource signals, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Sources on the site's network only; a slow one must not hold the refresh of the others for long.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var every = TimeSpan.FromMinutes(signals.Options.RefreshMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            await signals.RefreshAsync(http, stoppingToken);
            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
