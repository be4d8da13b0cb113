using System.Collections.Concurrent;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// The status probes: which one is current per charge point (a subscriber that sees its status has it), and all
/// of them for the report. A probe is registered before its StatusNotification leaves, so no subscriber can see
/// the change before the board knows of it.
/// </summary>
public sealed class ProbeBoard
{
    private readonly ConcurrentDictionary<string, StatusProbe> _current = new(StringComparer.Ordinal);
    private readonly List<StatusProbe> _all = [];
    private int _nextId;

    public IReadOnlyList<StatusProbe> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public StatusProbe Begin(string chargePointId, string status, DateTimeOffset now)
    {
        var probe = new StatusProbe(Interlocked.Increment(ref _nextId), chargePointId, status, now);
        lock (_all)
        {
            _all.Add(probe);
        }

        _current[chargePointId] = probe;
        return probe;
    }

    public StatusProbe? Current(string chargePointId) => _current.GetValueOrDefault(chargePointId);
}
