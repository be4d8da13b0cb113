namespace OliMove.Edge.Metering;

public static class MeteringServiceCollectionExtensions
{
    /// <summary>
    /// Meters of the site map: live readings, measured other load for the snapshot, and the poller. Poll, staleness
    /// and timeout are transport times: on an accelerated clock they scale by <paramref name="transportScale"/>, as
    /// the PV poller's do, so that a meter is polled about once a real second whatever the clock's speed.
    /// </summary>
    public static IServiceCollection AddMetering(this IServiceCollection services, double transportScale = 1, MeteringOptions? options = null)
    {
        var o = options ?? new MeteringOptions();
        services.AddSingleton(o with
        {
            PollInterval = o.PollInterval * transportScale,
            StaleAfter = o.StaleAfter * transportScale,
            Timeout = o.Timeout * transportScale,
        });
        services.AddSingleton<MeterReadings>();
        services.AddSingleton<MeasuredOtherLoad>();
        services.AddSingleton<OliMove.Storage.OtherLoadQuarterRepository>();
        services.AddSingleton<OtherLoadHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<OtherLoadHistory>());
        services.AddSingleton<OtherLoadForecastSource>();
        services.AddHostedService<MeterPollingService>();
        return services;
    }
}
