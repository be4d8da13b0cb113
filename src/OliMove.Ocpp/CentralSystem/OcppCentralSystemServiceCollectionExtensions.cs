using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OliMove.Ocpp.CentralSystem;

public static class OcppCentralSystemServiceCollectionExtensions
{
    /// <summary>Registers the OCPP 1.6J central system. The host also registers its implementations of
    /// <see cref="IChargePointDirectory"/>, <see cref="IChargePointRecorder"/> and <see cref="ITransactionStore"/>.</summary>
    public static IServiceCollection AddOcppCentralSystem(this IServiceCollection services, Action<OcppCentralSystemOptions>? configure = null)
    {
        services.AddOptions<OcppCentralSystemOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<OcppCentralSystemOptions>>().Value);
        services.TryAddSingleton<IChargerTransactionIds, SameChargerTransactionIds>();
        services.TryAddSingleton<ChargePointConnectionRegistry>();
        services.TryAddSingleton<OcppCentralSystemEvents>();
        services.TryAddSingleton<ChargePointConfigurator>();
        services.TryAddSingleton<CentralSystemRoutes>();
        services.TryAddSingleton<AuthenticationFailureLimiter>();
        services.TryAddSingleton<OcppEndpoint>();
        return services;
    }
}
