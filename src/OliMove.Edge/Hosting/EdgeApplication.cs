using Microsoft.AspNetCore.Authentication;
using OliMove.Edge.Api;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Configuration;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Live;
using OliMove.Edge.OcppAdapters;
using OliMove.Edge.Operations;
using OliMove.Edge.Planning;
using OliMove.Edge.Reservations;
using OliMove.Edge.Retention;
using OliMove.Edge.Sessions;
using OliMove.Edge.Upstream;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Modbus.Forecast;
using OliMove.Modbus.Polling;
using OliMove.Ocpp.CentralSystem;
using OliMove.SiteMap;
using OliMove.Storage;
using Serilog;

namespace OliMove.Edge.Hosting;

/// <summary>
/// Composes the running service: one process, one SQLite file, Kestrel serving OCPP, the API and the pages.
/// Everything that talks to the outside is registered here and nowhere else.
/// </summary>
public static class EdgeApplication
{
    public static async Task<WebApplication> BuildAsync(EdgeOptions options, SiteMapLoadResult siteMap, TimeProvider time, Serilog.ILogger logger, CancellationToken ct)
    {
        var database = await EdgeDatabase.OpenAsync(
            options.Database,
            new EdgeDatabaseSettings { MaxDatabaseBytes = options.Storage.MaxDatabaseMegabytes * 1024L * 1024L, Time = time, GroupCommitCapacity = options.Storage.GroupCommitCapacity },
            ct);
        var chargePoints = new ChargePointRepository(database);
        await chargePoints.SyncFromSiteMapAsync(siteMap.Topology!, time.GetUtcNow(), ct);

        var chain = await ChainRuntimeFactory.CreateAsync(options, siteMap.Topology!.Map.SiteId, database, time, new Serilog.Extensions.Logging.SerilogLoggerFactory(logger), ct);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.UseKestrelHttpsConfiguration();
        if (options.Tls.CertificatePath is { } certificate)
        {
            var password = options.Tls.CertificatePasswordVariable is { } variable ? Environment.GetEnvironmentVariable(variable) : null;
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h =>
            {
                h.ServerCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificate, password);
                if (options.Ocpp.SecurityProfile == 3)
                {
                    h.AskForOcppClientCertificates();
                }
            }));
        }

        builder.Host.UseSerilog(logger, dispose: false);
        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddSingleton(new SiteState(siteMap));
        // Registered through a factory so the container owns it and disposes it when the app stops.
        services.AddSingleton(_ => database);
        services.AddSingleton(chargePoints);
        services.AddSingleton<TransactionRepository>();
        services.AddSingleton<MeterValueRepository>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<ChargingRequestRepository>();
        services.AddSingleton<SessionSettlementRepository>();
        services.AddSingleton<SlotPlanRepository>();
        services.AddSingleton<ChainOutboxRepository>();
        services.AddSingleton<ApiTokenRepository>();
        services.AddSingleton<MaintenanceStatusRepository>();

        // On an accelerated clock (demo, tests) every timer runs faster, transport timeouts included; those must
        // stay in real time, or a charger or inverter that answers in 100 ms would count as silent.
        var transportScale = time is AcceleratedTimeProvider accelerated ? accelerated.Speed : 1.0;
        services.AddOcppCentralSystem(o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(options.Ocpp.CallTimeoutSeconds * transportScale);
            o.HeartbeatInterval = TimeSpan.FromSeconds(options.Ocpp.HeartbeatIntervalSeconds);
            o.MeterValueSampleInterval = TimeSpan.FromSeconds(options.Ocpp.MeterValueSampleIntervalSeconds);
            o.MaxFrameBytes = options.Ocpp.MaxFrameBytes;
            o.SecurityProfile = (OcppSecurityProfile)options.Ocpp.SecurityProfile;
        });
        services.AddSingleton(new IdTagPolicy(options.Ocpp.AcceptUnknownIdTags));
        services.AddSingleton<IChargePointDirectory, SiteChargePointDirectory>();
        services.AddSingleton<IChargePointRecorder, StoredChargePointRecorder>();
        services.AddSingleton<ITransactionStore, StoredTransactionStore>();
        services.AddUpstreamLink(options, time);
        Security.OcppCertificateServiceCollectionExtensions.AddOcppCertificates(services, options);
        OliMove.Edge.Security.SecurityLimitsServiceCollectionExtensions.AddSecurityLimits(services, options);

        services.AddSingleton<LiveSiteState>();
        services.AddSingleton<PlanBoard>();
        services.AddSingleton<ReplanSignal>();
        services.AddSingleton<OutboxSignal>();
        var pvPolling = new InverterPollerOptions
        {
            Interval = TimeSpan.FromSeconds(5 * transportScale),
            RequestTimeout = TimeSpan.FromSeconds(2 * transportScale),
            InitialBackoff = TimeSpan.FromSeconds(2 * transportScale),
            MaxBackoff = TimeSpan.FromSeconds(60 * transportScale),
            LimitRevertTimeout = TimeSpan.FromSeconds(120 * transportScale),
        };
        services.AddSingleton(pvPolling);
        services.AddSingleton(new SilenceThreshold(TimeSpan.FromSeconds(options.Live.SilentAfterSeconds * transportScale)));
        // Three missed polls make a reading stale (0 W for planning).
        services.AddSingleton(new PvLiveState(pvPolling.Interval * 3));
        services.AddSingleton(new PvForecaster());
        services.AddSingleton<PvSurplusSource>();
        services.AddSingleton<IPvSurplusSource>(sp => sp.GetRequiredService<PvSurplusSource>());
        services.AddSingleton<SnapshotBuilder>();
        OliMove.Edge.Prices.PriceSignalsServiceCollectionExtensions.AddPriceSignals(services, options);
        services.AddBackendSmartCharging();
        // Two slots of full plan, plus the slots that two seconds of real dispatch latency span on a fast clock.
        services.AddSingleton(new DispatchSettings(2 + (int)(transportScale * 2 / SlotClock.SlotSeconds)));
        services.AddDispatch();
        OliMove.Edge.Phases.PhasesServiceCollectionExtensions.AddConnectorPhases(services);
        services.AddPromisesAndRefusals();
        services.AddSingleton<GroupPlanner>();
        services.AddSingleton<SlotCommitter>();
        services.AddSingleton(RunningAlgorithm.ThisBuild(options.Algorithm));
        services.AddSingleton<SessionSettler>();
        services.AddPvHistory();
        services.AddLiveStateRecovery();
        services.AddRetention(options);
        services.AddHostedService<StorageMonitor>();
        services.AddHostedService<OcppLiveFeed>();
        services.AddHostedService<SlotLoop>();
        services.AddHostedService<PvPollingService>();
        OliMove.Edge.Metering.MeteringServiceCollectionExtensions.AddMetering(services, transportScale);
        OliMove.Edge.Batteries.BatteryServiceCollectionExtensions.AddBatteries(services, transportScale);
        services.AddSingleton<SiteMapReloadService>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteMapReloadService>());

        services.AddSingleton<IApiTokenResolver, ApiTokenResolver>();
        services.AddAuthentication(BearerTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Viewer, p => p.RequireRole(nameof(ApiRole.Viewer)))
            .AddPolicy(ApiPolicies.Operator, p => p.RequireRole(nameof(ApiRole.Operator)))
            .AddPolicy(ApiPolicies.User, p => p.RequireRole(nameof(ApiRole.User)));

        services.AddSingleton(chain);
        services.AddSingleton<SiteAssetRegistration>();
        services.AddHostedService<ChainOutboxService>();
        services.AddEdgeApi();
        services.AddOperationsCockpit(options);

        var app = builder.Build();
        app.UseMiddleware<LoopbackOnlyMiddleware>(options.Api.AllowRemote);
        app.UseMiddleware<StorageFaultMiddleware>();
        app.UseOcppCentralSystem("/ocpp");
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapEdgeApi();
        return app;
    }
}
