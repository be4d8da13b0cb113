using OliMove.Edge.Configuration;
using OliMove.Storage;

namespace OliMove.Edge.Prices;

public static class PriceSignalsServiceCollectionExtensions
{
    /// <summary>
    /// Price and CO₂ signals (issue 20): the source the planner asks for each snapshot's signals, the billing peak
    /// so far, and the refresher, which runs only when a source is configured.
    /// </summary>
    public static IServiceCollection AddPriceSignals(this IServiceCollection services, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options.Prices);
        services.AddSingleton<EnergySignalSource>();
        services.AddSingleton<QuarterRegisterRepository>();
        services.AddSingleton<BillingPeakSource>();
        services.AddSingleton<SnapshotSignals>();
        services.AddSingleton<SessionEnergyCost>();
        if (options.Prices.IsConfigured)
            services.AddHostedService<PriceSignalRefresher>();
        return services;
    }
}
