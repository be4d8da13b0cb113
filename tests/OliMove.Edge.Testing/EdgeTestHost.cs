using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.SiteMap;
using Serilog;

namespace OliMove.Edge.Testing;

/// <summary>
/// The real service (Kestrel on 127.0.0.1, a free port, a fresh SQLite file) for integration tests. Dispose
/// stops it and deletes its files.
/// </summary>
public sealed class EdgeTestHost : IAsyncDisposable
{
    private EdgeTestHost(WebApplication app, string directory, Uri baseUri, EdgeOptions options, ErrorLogRecorder errors)
    {
        App = app;
        ErrorLog = errors;
        Directory = directory;
        BaseUri = baseUri;
        Options = options;
    }

    public WebApplication App { get; }

    public string Directory { get; }

    public Uri BaseUri { get; }

    public Uri OcppUri => new($"ws://{BaseUri.Authority}/ocpp/");

    public EdgeOptions Options { get; }

    /// <summary>Every error the service logged since it started.</summary>
    public ErrorLogRecorder ErrorLog { get; }

    public IServiceProvider Services => App.Services;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OliMove.Edge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (OliMove.Edge.sln) not found");
    }

    /// <summary>Starts the service on <paramref name="siteMapYaml"/> (or site-maps/demo.yaml).</summary>
    public static async Task<EdgeTestHost> StartAsync(TimeProvider? time = null, string? siteMapYaml = null, Action<EdgeOptions>? configure = null, string? directory = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "olimove-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var siteFile = Path.Combine(directory, "site.yaml");
        if (!File.Exists(siteFile))
        {
            await File.WriteAllTextAsync(siteFile, siteMapYaml ?? await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "site-maps", "demo.yaml")));
        }

        var options = new EdgeOptions
        {
            SiteMap = siteFile,
            Database = Path.Combine(directory, "edge.db"),
            Urls = ["http://127.0.0.1:0"],
            Logs = new LogOptions { Directory = Path.Combine(directory, "logs"), MinimumLevel = "Warning" },
        };
        options.Ocpp.AcceptUnknownIdTags = true;
        options.Ocpp.CallTimeoutSeconds = 5;
        configure?.Invoke(options);
        var siteMap = await SiteMapLoader.LoadFileAsync(siteFile);
        if (!siteMap.IsValid)
        {
            throw new InvalidOperationException(SiteTreeReport.Render(siteMap));
        }

        var errors = new ErrorLogRecorder();
        var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Console().WriteTo.Sink(errors).CreateLogger();
        var app = await EdgeApplication.BuildAsync(options, siteMap, time ?? TimeProvider.System, logger, CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EdgeTestHost(app, directory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"), options, errors);
    }

    /// <summary>Stops the service, keeping its files (a restart test reopens them).</summary>
    public async Task StopAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
