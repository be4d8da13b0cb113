namespace OliMove.Modbus.Polling;

/// <summary>
/// The latest reading per inverter, shared by the poller (writer) and the slot loop and dashboard (readers).
/// Staleness is judged when read, against the caller's clock, so a poller that stopped cannot leave an old
/// value counting as production.
/// </summary>
public sealed class PvLiveState
{
    private readonly object _lock = new();
    private readonly Dictionary<string, PvReading> _latest = new(StringComparer.Ordinal);

    public PvLiveState(TimeSpan staleAfter)
    {
        if (staleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "Must be positive.");
        }

        StaleAfter = staleAfter;
    }

    public TimeSpan StaleAfter { get; }

    /// <summary>Raised after each recorded reading (dashboard live events). Handlers run on the poller's thread.</summary>
    public event EventHandler<PvReading>? ReadingRecorded;

    public void Record(PvReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        lock (_lock)
        {
            if (_latest.TryGetValue(reading.InverterId, out var current) && current.Timestamp > reading.Timestamp)
            {
                return; // An out-of-order older reading never replaces a newer one.
            }

            _latest[reading.InverterId] = reading;
        }

        ReadingRecorded?.Invoke(this, reading);
    }

    /// <summary>Drops the readings of inverters the host no longer polls (a site-map reload removed or moved them).</summary>
    public void Forget(IEnumerable<string> inverterIds)
    {
        ArgumentNullException.ThrowIfNull(inverterIds);
        lock (_lock)
        {
            foreach (var id in inverterIds)
            {
                _latest.Remove(id);
            }
        }
    }

    /// <summary>The latest reading as it stands at <paramref name="now"/> (Stale when too old), or null when never polled.</summary>
    public PvReading? Latest(string inverterId, DateTimeOffset now)
    {
        PvReading? reading;
        lock (_lock)
        {
            _latest.TryGetValue(inverterId, out reading);
        }

        return reading is null ? null : AsOf(reading, now);
    }

    /// <summary>All inverters' latest readings at <paramref name="now"/>, ordered by inverter id.</summary>
    public IReadOnlyList<PvReading> Snapshot(DateTimeOffset now)
    {
        PvReading[] readings;
        lock (_lock)
        {
            readings = [.. _latest.Values];
        }

        return [.. readings.OrderBy(r => r.InverterId, StringComparer.Ordinal).Select(r => AsOf(r, now))];
    }

    /// <summary>Sum of the planning power of the given inverters; an inverter never polled counts 0 W.</summary>
    public double PlanningPowerW(IEnumerable<string> inverterIds, DateTimeOffset now) =>
        inverterIds.Sum(id => Latest(id, now)?.PlanningPowerW ?? 0);

    private PvReading AsOf(PvReading reading, DateTimeOffset now)
    {
        var age = now - reading.Timestamp;
        return reading.Status == PvReadingStatus.Ok && age > StaleAfter
            ? reading with { Status = PvReadingStatus.Stale, Reason = $"no reading for {age.TotalSeconds:0} s (limit {StaleAfter.TotalSeconds:0} s)" }
            : reading;
    }
}
