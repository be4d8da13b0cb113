using System.Collections.Concurrent;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Limits failed HTTP Basic checks (security profile 1/2) per charge point id and per remote address: past the
/// limit within the window, the upgrade is refused with 429 before the key is checked, so a flood of wrong keys
/// cannot burn ~105 ms of PBKDF2 each on the box (decision 0228). Counts live in fixed windows and are forgotten
/// when their window has passed. <see cref="TryBegin"/> counts an attempt before the key is checked, under one lock, so
/// a burst of concurrent wrong keys cannot all pass the check before the first failure is noted (decision 0248).
/// </summary>
public sealed class AuthenticationFailureLimiter(OcppCentralSystemOptions options, TimeProvider time)
{
    // Bounds the memory a spray of ids or addresses can take; expired windows are dropped first.
    private const int MaxTrackedKeys = 20_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset WindowStart, int Failures)> _failures = new(StringComparer.Ordinal);
    private readonly Lock _begin = new();

    /// <summary>
    /// Null, having counted the attempt as a failure in advance for the charger id and the address (hand it back with
    /// <see cref="NoteSuccess(string, string?)"/> or <see cref="Forgive"/>); or, when either has used up its failures,
    /// how long until it may try again, counting nothing.
    /// </summary>
    public TimeSpan? TryBegin(string chargePointId, string? remoteAddress)
    {
        lock (_begin)
        {
            if (RetryAfter(chargePointId, remoteAddress) is { } wait)
            {
                return wait;
            }

            NoteFailure(chargePointId, remoteAddress);
            return null;
        }
    }

    /// <summary>An attempt begun with <see cref="TryBegin"/> passed: the charger id starts afresh and the address gets its attempt back.</summary>
    public void NoteSuccess(string chargePointId, string? remoteAddress)
    {
        NoteSuccess(chargePointId);
        if (remoteAddress is not null)
        {
            Uncount(AddressKey(remoteAddress));
        }
    }

    /// <summary>An attempt begun with <see cref="TryBegin"/> was never checked (the service was busy): both get it back.</summary>
    public void Forgive(string chargePointId, string? remoteAddress)
    {
        Uncount(IdKey(chargePointId));
        if (remoteAddress is not null)
        {
            Uncount(AddressKey(remoteAddress));
        }
    }

    /// <summary>When the charger id or the address has used up its failures, how long until it may try again; else null.</summary>
    public TimeSpan? RetryAfter(string chargePointId, string? remoteAddress)
    {
        var now = time.GetUtcNow();
        var byId = Remaining(IdKey(chargePointId), options.MaxAuthenticationFailuresPerChargePoint, now);
        var byAddress = remoteAddress is null ? null : Remaining(AddressKey(remoteAddress), options.MaxAuthenticationFailuresPerAddress, now);
        return (byId, byAddress) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a > b ? a : b,
        };
    }

    public void NoteFailure(string chargePointId, string? remoteAddress)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTrackedKeys)
        {
            Prune(now);
        }

        Count(IdKey(chargePointId), now);
        if (remoteAddress is not null)
        {
            Count(AddressKey(remoteAddress), now);
        }
    }

    /// <summary>A charger that authenticated starts afresh; its address keeps its count (it may be shared with others).</summary>
    public void NoteSuccess(string chargePointId) => _failures.TryRemove(IdKey(chargePointId), out _);

    private TimeSpan? Remaining(string key, int limit, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var entry) || entry.Failures < limit)
        {
            return null;
        }

        var left = entry.WindowStart + options.AuthenticationFailureWindow - now;
        return left > TimeSpan.Zero ? left : null;
    }

    private void Count(string key, DateTimeOffset now) =>
        _failures.AddOrUpdate(key, _ => (now, 1), (_, entry) =>
            now - entry.WindowStart >= options.AuthenticationFailureWindow ? (now, 1) : (entry.WindowStart, entry.Failures + 1));

    private void Uncount(string key)
    {
        while (_failures.TryGetValue(key, out var entry) && entry.Failures > 0
            && !_failures.TryUpdate(key, (entry.WindowStart, entry.Failures - 1), entry))
        {
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _failures)
        {
            if (now - entry.WindowStart >= options.AuthenticationFailureWindow)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static string IdKey(string chargePointId) => "id:" + chargePointId;

    private static string AddressKey(string remoteAddress) => "ip:" + remoteAddress;
}
