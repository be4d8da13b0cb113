using OliMove.Edge.Operations;
using OliMove.Edge.Users;

namespace OliMove.Edge.Api;

/// <summary>The local status API under /api/v1 (JSON over HTTP), its OpenAPI document, and the pages.</summary>
public static class EdgeApiEndpoints
{
    public static IServiceCollection AddEdgeApi(this IServiceCollection services)
    {
        services.AddSingleton<SiteStatusReader>();
        services.AddSingleton<GroupPowerHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupPowerHistory>());
        services.AddSingleton<LiveEventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveEventHub>());
        services.AddUserAccounts();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1");
        return services;
    }

    public static WebApplication MapEdgeApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapHealthEndpoint();
        api.MapStatusEndpoints();
        Metering.OtherLoadEndpoints.MapOtherLoadEndpoints(api);
        api.MapOperatorEndpoints();
        api.MapChainOutboxEndpoints();
        api.MapCentralSystemActionEndpoints();
        Security.CertificateEndpoints.MapCertificateEndpoints(api);
        api.MapEventStreamEndpoints();
        api.MapUserEndpoints();
        app.MapOperationsCockpit(api);
        Fleet.FleetEndpoints.MapFleet(app, api);
        // Any other /api path is a 404 with a JSON body, never a page.
        api.MapFallback(() => ApiErrors.NotFound("no such endpoint"));
        app.MapOpenApi("/api/v1/openapi.json");

        // The cockpit and the app are static files: /cockpit and /app serve their index pages.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/", () => Results.Redirect("/cockpit/"));
        app.MapGet("/cockpit", (HttpContext context, IWebHostEnvironment env) => Page(context, env, "cockpit"));
        app.MapGet("/app", (HttpContext context, IWebHostEnvironment env) => Page(context, env, "app"));
        return app;
    }

    // Routing matches "/cockpit" and "/cockpit/" alike; the page's relative links need the slash, so the bare
    // path redirects and the slashed one serves the index file.
    private static IResult Page(HttpContext context, IWebHostEnvironment env, string name) =>
        context.Request.Path.Value!.EndsWith('/')
            ? Results.File(env.WebRootFileProvider.GetFileInfo($"{name}/index.html").CreateReadStream(), "text/html; charset=utf-8")
            : Results.Redirect($"/{name}/");
}
