using OliMove.Edge.Dispatch;

namespace OliMove.Edge.Reservations;

/// <summary>Registers what keeps promises to drivers and copes with chargers that refuse profiles (issue #16).</summary>
public static class PromiseServiceCollectionExtensions
{
    public static IServiceCollection AddPromisesAndRefusals(this IServiceCollection services)
    {
        services.AddSingleton<ProfileRefusals>();
        services.AddSingleton<RateUnitMismatches>();
        services.AddHostedService<ChargerTermsWatcher>();
        services.AddSingleton<ReservationKeeper>();
        services.AddHostedService<ReservationFeed>();
        return services;
    }
}
