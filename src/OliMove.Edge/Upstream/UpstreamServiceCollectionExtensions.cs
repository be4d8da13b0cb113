using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.OcppAdapters;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Client;
using OliMove.Ocpp.Rpc;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

public static class UpstreamServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Upstream.Url</c> set, puts the upstream link in front of the central system's ports (the edge's
    /// stores stay underneath and answer first) and opens a link per connected charger. Without it, nothing
    /// is registered and the edge is the central system as before. Call after the edge's own OCPP ports.
    /// </summary>
    public static IServiceCollection AddUpstreamLink(this IServiceCollection services, EdgeOptions options, TimeProvider time)
    {
        var upstream = options.Upstream;
        if (!upstream.Enabled)
        {
            return services;
        }
        var keys = upstream.KeyFile is { } file ? UpstreamKeyFile.Load(file) : UpstreamKeyFile.Empty;
        // As for the chargers' side: on an accelerated clock, network timeouts stay in real time.
        var scale = time is AcceleratedTimeProvider accelerated ? accelerated.Speed : 1.0;
        TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s * scale);
        var settings = new UpstreamLinkSettings(
            new OcppClientOptions
            {
                CentralSystem = new Uri(upstream.Url),
                SecurityProfile = upstream.SecurityProfile,
                ConnectTimeout = TimeSpan.FromSeconds(upstream.ConnectTimeoutSeconds),
                Rpc = new OcppRpcOptions
                {
                    CallTimeout = Seconds(upstream.CallTimeoutSeconds),
                    MaxFrameBytes = options.Ocpp.MaxFrameBytes,
                    ReadWhileAnswering = true,
                },
            },
            Seconds(upstream.ReplyBoundSeconds),
            Seconds(upstream.ReconnectMinSeconds),
            Seconds(upstream.ReconnectMaxSeconds));

        services.AddSingleton(upstream);
        services.AddSingleton(settings);
        services.AddSingleton(keys);
        services.AddSingleton(sp =>
        {
            var site = sp.GetRequiredService<SiteState>();
            return new UpstreamParticipation(id => site.Topology.FindChargePoint(id) is { Upstream: true });
        });
        services.AddSingleton<UpstreamQueueRepository>();
        services.AddSingleton<UpstreamTransactionRepository>();
        services.AddSingleton<AuthorizationCacheRepository>();
        services.AddSingleton<UpstreamAuthorization>();
        services.AddSingleton<UpstreamLinkLog>();
        services.AddSingleton(sp => new OcppClientConnector(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OcppClientConnector>>()));
        services.AddSingleton<UpstreamBackendRoutes>();
        services.AddSingleton<UpstreamLinks>();
        services.AddHostedService(sp => sp.GetRequiredService<UpstreamLinks>());

        services.AddSingleton<IChargerTransactionIds, UpstreamChargerTransactionIds>();
        services.AddSingleton<StoredTransactionStore>();
        services.AddSingleton<StoredChargePointRecorder>();
        services.AddSingleton<ITransactionStore>(sp => ActivatorUtilities.CreateInstance<UpstreamTransactionStore>(sp, sp.GetRequiredService<StoredTransactionStore>()));
        services.AddSingleton<IChargePointRecorder>(sp => ActivatorUtilities.CreateInstance<UpstreamChargePointRecorder>(sp, sp.GetRequiredService<StoredChargePointRecorder>()));
        return services;
    }
}
