using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Storage;

namespace OliMove.Edge.Operations;

/// <summary>The operations cockpit (issue 23): session history and CSV, energy history, alerts and their pages.</summary>
public static class OperationsServiceCollectionExtensions
{
    public static IServiceCollection AddOperationsCockpit(this IServiceCollection services, EdgeOptions options)
    {
        services.AddSingleton(options.Alerts);
        services.AddSingleton<SiteTimeZone>();
        services.AddSingleton<SessionHistoryRepository>();
        services.AddSingleton<EnergyHistoryRepository>();
        services.AddSingleton<EnergyHistory>();
        services.AddSingleton<AlertSources>();
        services.AddSingleton<AlertWebhook>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertWebhook>());
        services.AddSingleton<AlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());
        return services;
    }

    /// <summary>The API routes and the cockpit's sessions and history pages.</summary>
    public static WebApplication MapOperationsCockpit(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapSessionHistoryEndpoints();
        api.MapEnergyHistoryEndpoints();
        api.MapAlertEndpoints();
        foreach (var page in new[] { "sessions", "history" })
        {
            app.MapGet($"/cockpit/{page}", (IWebHostEnvironment env) =>
                Results.File(env.WebRootFileProvider.GetFileInfo($"cockpit/{page}.html").CreateReadStream(), "text/html; charset=utf-8"));
        }

        return app;
    }
}
