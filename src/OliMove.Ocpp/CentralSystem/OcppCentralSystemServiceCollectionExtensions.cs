using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OliMove.Ocpp.CentralSystem.Handlers;

namespace OliMove.Ocpp.CentralSystem;

public static class OcppCentralSystemServiceCollectionExtensions
{
    /// <summary>Registers the OCPP 1.6J central system. The host also registers its implementations of
    /// <see cref="IChargePointDirectory"/>, <see cref="IChargePointRecorder"/> and <see cref="ITransactionStore"/>, and
    /// may register an <see cref="ISecurityEventRecorder"/> that stores (the default keeps recent events in memory).</summary>
    public static IServiceCollection AddOcppCentralSystem(this IServiceCollection services, Action<OcppCentralSystemOptions>? configure = null)
    {
        services.AddOptions<OcppCentralSystemOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<OcppCentralSystemOptions>>().Value);
        services.TryAddSingleton<IChargerTransactionIds, SameChargerTransactionIds>();
        services.TryAddSingleton<ChargePointConnectionRegistry>();
        services.TryAddSingleton<OcppCentralSystemEvents>();
        services.TryAddSingleton<ChargePointConfigurationMemo>();
        services.TryAddSingleton<ChargePointConfigurator>();
        AddCallHandlers(services);
        services.TryAddSingleton<CentralSystemRoutes>();
        services.TryAddSingleton<AuthenticationFailureLimiter>();
        services.TryAddSingleton<ChargePointCertificateValidator>();
        services.TryAddSingleton<ChargePointCertificateSigner>();
        services.TryAddSingleton<ISecurityEventRecorder, RecentSecurityEvents>();
        services.TryAddSingleton<OcppEndpoint>();
        return services;
    }

    /// <summary>Every handler in <c>CentralSystem/Handlers/</c>: adding an action is adding its file.</summary>
    private static void AddCallHandlers(IServiceCollection services)
    {
        var handlers = typeof(IChargePointRoute).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IChargePointRoute)));
        foreach (var handler in handlers)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IChargePointRoute), handler));
        }
    }
}
