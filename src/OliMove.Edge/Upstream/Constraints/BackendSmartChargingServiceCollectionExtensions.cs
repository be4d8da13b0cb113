using OliMove.Storage;

namespace OliMove.Edge.Upstream.Constraints;

public static class BackendSmartChargingServiceCollectionExtensions
{
    /// <summary>The backend's smart-charging port and the constraint store behind it (decision 0155).</summary>
    public static IServiceCollection AddBackendSmartCharging(this IServiceCollection services)
    {
        services.AddSingleton<BackendChargingProfileRepository>();
        services.AddSingleton<BackendProfileStore>();
        services.AddSingleton<BackendLimitSource>();
        services.AddSingleton<BackendChargingProfiles>();
        services.AddSingleton<IBackendSmartCharging>(sp => sp.GetRequiredService<BackendChargingProfiles>());
        return services;
    }
}
