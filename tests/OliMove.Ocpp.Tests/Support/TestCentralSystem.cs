using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OliMove.Ocpp.CentralSystem;

namespace OliMove.Ocpp.Tests.Support;

/// <summary>The central system on real Kestrel sockets at 127.0.0.1, on a free port.</summary>
public sealed class TestCentralSystem : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestCentralSystem(WebApplication app, InMemoryCentralSystemStore store, Uri ocppBase)
    {
        _app = app;
        Store = store;
        OcppBase = ocppBase;
    }

    public InMemoryCentralSystemStore Store { get; }

    /// <summary>ws://127.0.0.1:port/ocpp</summary>
    public Uri OcppBase { get; }

    public ChargePointConnectionRegistry Registry => _app.Services.GetRequiredService<ChargePointConnectionRegistry>();

    public OcppCentralSystemEvents Events => _app.Services.GetRequiredService<OcppCentralSystemEvents>();

    /// <summary>The security events the central system kept (the module's in-memory default recorder).</summary>
    public IReadOnlyList<ChargePointSecurityEvent> SecurityEvents =>
        ((RecentSecurityEvents)_app.Services.GetRequiredService<ISecurityEventRecorder>()).Snapshot();

    public static Task<TestCentralSystem> StartAsync(Action<OcppCentralSystemOptions>? configure = null, params string[] chargePointIds) =>
        StartAsync(configure, null, chargePointIds);

    public static Task<TestCentralSystem> StartAsync(Action<OcppCentralSystemOptions>? configure, TimeProvider? time, params string[] chargePointIds) =>
        StartAsync(configure, time, null, chargePointIds);

    /// <summary>Serves wss:// with <paramref name="serverCertificate"/>, asking for client certificates (security profile 3).</summary>
    public static Task<TestCentralSystem> StartTlsAsync(X509Certificate2 serverCertificate, Action<OcppCentralSystemOptions>? configure, params string[] chargePointIds) =>
        StartAsync(configure, null, serverCertificate, chargePointIds);

    private static async Task<TestCentralSystem> StartAsync(Action<OcppCentralSystemOptions>? configure, TimeProvider? time, X509Certificate2? serverCertificate, string[] chargePointIds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    https.AskForOcppClientCertificates();
                });
            }
        }));
        builder.Logging.ClearProviders();
        var store = new InMemoryCentralSystemStore();
        foreach (var id in chargePointIds.DefaultIfEmpty("CP-1"))
        {
            store.Keys[id] = "key-" + id;
        }
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddSingleton<IChargePointDirectory>(store);
        builder.Services.AddSingleton<IChargePointRecorder>(store);
        builder.Services.AddSingleton<ITransactionStore>(store);
        builder.Services.AddOcppCentralSystem(o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.UseOcppCentralSystem("/ocpp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var ocppBase = address.Replace("https://", "wss://", StringComparison.Ordinal).Replace("http://", "ws://", StringComparison.Ordinal);
        return new TestCentralSystem(app, store, new Uri(ocppBase + "/ocpp"));
    }

    public Uri UriFor(string chargePointId) => new(OcppBase + "/" + Uri.EscapeDataString(chargePointId));

    public IChargePointClient Client(string chargePointId) =>
        Registry.TryGet(chargePointId, out var client) ? client : throw new InvalidOperationException($"{chargePointId} is not connected");

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
