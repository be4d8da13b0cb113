using System.Collections.Concurrent;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Chargers that refuse SetChargingProfile. A single refusal is normal (a TxProfile that crosses the charger's own
/// StartTransaction.conf); <see cref="RefusalsBeforeBackOff"/> in a row make the charger "refusing": it is then
/// tried again only after a back-off that doubles from <see cref="FirstBackOff"/> up to <see cref="MaxBackOff"/>,
/// one profile at a time, until it accepts one. The refusal is one problem of the charger (shown once), and its
/// sessions are planned at what the charger actually draws (<see cref="IsRefusing"/>).
/// </summary>
public sealed class ProfileRefusals
{
    public const int RefusalsBeforeBackOff = 3;

    public static readonly TimeSpan FirstBackOff = TimeSpan.FromMinutes(1);

    /// <summary>One slot: a charger that came round is back under the plan within a slot.</summary>
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Standing> _standings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    /// <summary>
    /// Changes each time the charger's terms are learned afresh (<see cref="Forget"/>). A send begun under an older
    /// generation was built from older terms (the boot's fail-safe crosses the charger's configuration on the
    /// wire): its refusal says nothing about the charger now and is not counted.
    /// </summary>
    public long Generation(string chargePointId) => _generations.GetValueOrDefault(chargePointId);

    /// <summary>Whether a SetChargingProfile may be sent to the charger now.</summary>
    public bool MayTry(string chargePointId, DateTimeOffset now) =>
        !_standings.TryGetValue(chargePointId, out var s) || s.RetryAt is not { } at || now >= at;

    public bool IsRefusing(string chargePointId) =>
        _standings.TryGetValue(chargePointId, out var s) && s.RetryAt is not null;

    /// <summary>Records a refusal; returns true when it made the charger refusing (log it then, once).</summary>
    public bool Refused(string chargePointId, string problem, DateTimeOffset now, long generation)
    {
        if (generation != Generation(chargePointId))
        {
            return false;
        }

        var became = false;
        _standings.AddOrUpdate(
            chargePointId,
            _ => new Standing(1, null, problem, null),
            (_, s) =>
            {
                var count = s.Count + 1;
                if (count < RefusalsBeforeBackOff)
                {
                    return s with { Count = count, Problem = problem };
                }

                became = s.RetryAt is null;
                var doublings = Math.Min(count - RefusalsBeforeBackOff, 10);
                var backOff = TimeSpan.FromTicks(Math.Min(FirstBackOff.Ticks << doublings, MaxBackOff.Ticks));
                return new Standing(count, now + backOff, problem, s.Since ?? now);
            });
        return became;
    }

    /// <summary>The charger accepted a profile: it is no longer refusing.</summary>
    public void Accepted(string chargePointId) => _standings.TryRemove(chargePointId, out _);

    /// <summary>Forget a charger's refusals (it booted again and told us its terms afresh).</summary>
    public void Forget(string chargePointId)
    {
        _generations.AddOrUpdate(chargePointId, 1, (_, g) => g + 1);
        _standings.TryRemove(chargePointId, out _);
    }

    /// <summary>The charger's refusal as one problem line, or null when it is not refusing.</summary>
    public string? Problem(string chargePointId) =>
        _standings.TryGetValue(chargePointId, out var s) && s is { RetryAt: { } at, Since: { } since }
            ? $"refuses SetChargingProfile ({s.Problem}) since {since:yyyy-MM-dd HH:mm:ss}Z; planned at what it draws, next try not before {at:HH:mm:ss}Z"
            : null;

    private sealed record Standing(int Count, DateTimeOffset? RetryAt, string Problem, DateTimeOffset? Since);
}
