using System.Collections.Concurrent;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Site-map units that a charger does not take (<see cref="ChargerProfileTerms.UnitMismatch"/>), reported once per
/// charger when it tells us its terms at boot: one log line, and one problem of the charger in the API until the
/// charger reports terms that match again.
/// </summary>
public sealed class RateUnitMismatches(ILogger<RateUnitMismatches> logger)
{
    private readonly ConcurrentDictionary<string, string> _mismatches = new(StringComparer.Ordinal);

    public void Report(string chargePointId, string? mismatch)
    {
        if (mismatch is null)
        {
            _mismatches.TryRemove(chargePointId, out _);
            return;
        }

        if (_mismatches.TryGetValue(chargePointId, out var known) && known == mismatch)
        {
            return; // a reboot with the same terms: already reported
        }

        _mismatches[chargePointId] = mismatch;
        logger.LogWarning("Charge point {ChargePoint}: {Mismatch}", chargePointId, mismatch);
    }

    public string? Problem(string chargePointId) => _mismatches.GetValueOrDefault(chargePointId);
}
