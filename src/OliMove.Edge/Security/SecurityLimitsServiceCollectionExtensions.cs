using Microsoft.AspNetCore.Server.Kestrel.Core;
using OliMove.Edge.Configuration;
using OliMove.Ocpp.CentralSystem;

namespace OliMove.Edge.Security;

public static class SecurityLimitsServiceCollectionExtensions
{
    /// <summary>
    /// The attempt limits (API and OCPP), the two work gates, Kestrel's body limit and the middleware that applies the
    /// API's limits (first in the pipeline, by path), all from <see cref="EdgeOptions.Limits"/>.
    /// </summary>
    public static IServiceCollection AddSecurityLimits(this IServiceCollection services, EdgeOptions options)
    {
        var limits = options.Limits;
        services.AddSingleton(limits);
        services.AddSingleton<AttemptLimiter>();
        services.AddSingleton<WorkGates>();
        // Kestrel counts the bytes of a chunked body as they arrive, so this refuses it (413) like a declared length.
        services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        services.Configure<OcppCentralSystemOptions>(o =>
        {
            o.MaxAuthenticationFailuresPerChargePoint = limits.OcppFailuresPerChargePoint;
            o.MaxAuthenticationFailuresPerAddress = limits.OcppFailuresPerAddress;
            o.AuthenticationFailureWindow = TimeSpan.FromSeconds(limits.OcppFailureWindowSeconds);
        });
        services.AddTransient<IStartupFilter, AttemptLimitStartupFilter>();
        return services;
    }
}
