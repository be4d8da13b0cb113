using System.Collections.Concurrent;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// MeterValues → cockpit: each sample is known by its charge point and its timestamp (the chargePoint view's
/// measuredAt), so a viewer's latency is the time it read the view minus the time the charger took the sample
/// (one clock: the fleet and the viewers are in one process). Per sample it keeps how many viewers saw it and the
/// slowest, i.e. when it had reached every viewer.
/// </summary>
public sealed class MeterFanout
{
    private readonly ConcurrentDictionary<(string, DateTimeOffset), (int Viewers, double SlowestMs)> _samples = new();

    /// <summary>Every viewer's latency for every sample it saw.</summary>
    public LatencySamples PerViewer { get; } = new();

    public void Seen(string chargePointId, DateTimeOffset sampledAt, double milliseconds)
    {
        PerViewer.Add(milliseconds);
        _samples.AddOrUpdate((chargePointId, sampledAt), (1, milliseconds), (_, s) => (s.Viewers + 1, Math.Max(s.SlowestMs, milliseconds)));
    }

    /// <summary>
    /// Per sample taken in [<paramref name="from"/>, <paramref name="to"/>) (while every viewer was connected) that
    /// reached all <paramref name="viewers"/>: the time until the last had it; and how many samples did not.
    /// </summary>
    public (LatencySamples ReachedAll, int Samples, int NotSeenByAll) ReachingAll(int viewers, DateTimeOffset from, DateTimeOffset to)
    {
        var reached = new LatencySamples();
        var missed = 0;
        var counted = 0;
        foreach (var (key, s) in _samples)
        {
            if (key.Item2 < from || key.Item2 >= to)
            {
                continue;
            }

            counted++;
            if (s.Viewers >= viewers)
            {
                reached.Add(s.SlowestMs);
            }
            else
            {
                missed++;
            }
        }

        return (reached, counted, missed);
    }
}
