using OliMove.Chain;
using OliMove.Edge.Testing;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>One edge instance of a multi-site test: its chain site, service, simulated chargers and drivers.</summary>
public sealed class RunningSite(ChainSite site, string name, string operatorAccount, EdgeTestHost host, string operatorKey) : IAsyncDisposable
{
    private bool _stopped;

    public ChainSite Site { get; } = site;

    /// <summary>The name it joined the contracts with (SiteRegistered).</summary>
    public string Name { get; } = name;

    public string OperatorAccount { get; } = operatorAccount;

    public string OperatorKey { get; } = operatorKey;

    public EdgeTestHost Host { get; } = host;

    public string Database => Host.Options.Database;

    public List<SimulatedChargePoint> Chargers { get; } = [];

    public List<(string IdTag, string Token)> Drivers { get; } = [];

    /// <summary>Stops the chargers and the service, keeping its files.</summary>
    public async Task StopAsync()
    {
        foreach (var charger in Chargers)
        {
            await charger.DisposeAsync();
        }

        await Host.StopAsync();
        _stopped = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            foreach (var charger in Chargers)
            {
                await charger.DisposeAsync();
            }
        }

        await Host.DisposeAsync();
    }
}
