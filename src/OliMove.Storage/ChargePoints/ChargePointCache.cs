namespace OliMove.Storage;

/// <summary>
/// The charge points read from the file, kept in memory so that plan dispatch, fail-safe installs and the chargers'
/// terms do not read SQLite per charger per event (decision 0387). The file stays the only source of truth: an entry
/// is a <see cref="ChargePointRecord"/> as read from it, and every write of <see cref="ChargePointRepository"/> applies
/// the same change to the entry after its transaction has committed (<see cref="WriteScope.AfterCommit"/>), or drops
/// all entries (a site-map sync). One per database, shared by every repository over it. Thread-safe.
/// </summary>
internal sealed class ChargePointCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChargePointRecord> _records = new(StringComparer.Ordinal);

    // Bumped by every committed change: a read that started before a change must not store what it read.
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Reads from the file so far (misses): what the cache saves is every other lookup.</summary>
    public long Reads { get; private set; }

    /// <summary>The cached record, or the version a read from the file must still see to store what it read.</summary>
    public bool TryGet(string chargePointId, out ChargePointRecord? record, out (long Generation, long Version) readTicket)
    {
        lock (_lock)
        {
            if (_records.TryGetValue(chargePointId, out var found))
            {
                record = found;
                readTicket = default;
                return true;
            }

            Reads++;
            record = null;
            readTicket = (_generation, _versions.GetValueOrDefault(chargePointId));
            return false;
        }
    }

    /// <summary>
    /// Stores what a read found, unless a change committed since the read's ticket was taken (the read may have seen
    /// the file before it). An unknown id is not stored: it may be registered by the next sync.
    /// </summary>
    public void Store(string chargePointId, ChargePointRecord? read, (long Generation, long Version) readTicket)
    {
        if (read is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_generation == readTicket.Generation && _versions.GetValueOrDefault(chargePointId) == readTicket.Version)
            {
                _records[chargePointId] = read;
            }
        }
    }

    /// <summary>Applies a committed change to the charge point's entry, if it has one.</summary>
    public void Apply(string chargePointId, Func<ChargePointRecord, ChargePointRecord> change)
    {
        lock (_lock)
        {
            _versions[chargePointId] = _versions.GetValueOrDefault(chargePointId) + 1;
            if (_records.TryGetValue(chargePointId, out var record))
            {
                _records[chargePointId] = change(record);
            }
        }
    }

    /// <summary>Forgets every entry: a site-map sync changed definitions, retirements and connectors at once.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _generation++;
            _records.Clear();
            _versions.Clear();
        }
    }
}
