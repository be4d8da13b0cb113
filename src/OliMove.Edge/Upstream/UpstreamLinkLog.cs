using System.Collections.Concurrent;

namespace OliMove.Edge.Upstream;

/// <summary>The upstream links' log: each state change once, each kind of backend fault once per link (the
/// counters in the API say how often), so that a misbehaving backend cannot flood the log.</summary>
public sealed class UpstreamLinkLog(ILogger<UpstreamLinkLog> logger)
{
    private readonly ConcurrentDictionary<(string ChargePointId, string Kind), bool> _reported = new();

    public void StateChanged(string chargePointId, bool connected, string? error)
    {
        if (connected)
        {
            logger.LogInformation("Upstream link of {ChargePointId} connected", chargePointId);
        }
        else if (error is null)
        {
            logger.LogInformation("Upstream link of {ChargePointId} closed", chargePointId);
        }
        else
        {
            logger.LogWarning("Upstream link of {ChargePointId} down: {Error}", chargePointId, error);
        }
    }

    public void OnceForKind(string chargePointId, string kind, string message)
    {
        if (_reported.TryAdd((chargePointId, kind), true))
        {
            logger.LogWarning("Upstream link of {ChargePointId}: {Problem} (logged once; counted in the API)", chargePointId, message);
        }
    }
}
