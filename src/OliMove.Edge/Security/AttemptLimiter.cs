using System.Collections.Concurrent;

namespace OliMove.Edge.Security;

/// <summary>
/// Counts attempts per key (e.g. "sign-in-login:alice") in fixed windows. <see cref="TryTake"/> counts an attempt
/// before the work is done, atomically, so a burst of concurrent requests cannot all slip under the limit; an attempt
/// that turns out not to count (a success, a malformed body) is handed back with <see cref="Refund"/> or
/// <see cref="Clear"/>. Runs on an injected clock (decision 0246).
/// </summary>
public sealed class AttemptLimiter(TimeProvider time)
{
    // Bounds the memory a spray of logins or addresses can take; expired windows are dropped first, and a new key
    // that finds the table still full is refused (fail closed: the work gates bound the CPU either way).
    public const int MaxTrackedKeys = 20_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public int TrackedKeys => _windows.Count;

    /// <summary>
    /// Counts one attempt for <paramref name="key"/> and returns null, or, when the key has used up its
    /// <paramref name="limit"/> within <paramref name="window"/>, counts nothing and returns how long until it may try again.
    /// </summary>
    public TimeSpan? TryTake(string key, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        if (_windows.Count >= MaxTrackedKeys && !_windows.ContainsKey(key))
        {
            Prune(now, window);
            if (_windows.Count >= MaxTrackedKeys)
            {
                return window;
            }
        }

        var entry = _windows.GetOrAdd(key, _ => new Window(now));
        lock (entry)
        {
            if (now - entry.Start >= window)
            {
                entry.Start = now;
                entry.Count = 0;
            }

            if (entry.Count >= limit)
            {
                var left = entry.Start + window - now;
                return left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1);
            }

            entry.Count++;
            return null;
        }
    }

    /// <summary>Hands back one attempt counted by <see cref="TryTake"/> that did not cost what the limit guards.</summary>
    public void Refund(string key)
    {
        if (_windows.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                entry.Count = Math.Max(0, entry.Count - 1);
            }
        }
    }

    /// <summary>Forgets the key's count (a login that just signed in starts afresh).</summary>
    public void Clear(string key) => _windows.TryRemove(key, out _);

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, entry) in _windows)
        {
            // Without a per-key window at hand, the caller's is a lower bound for "expired"; the longest window in use
            // is a day (Limits.*WindowSeconds), so anything a day old is gone for sure.
            if (now - entry.Start >= TimeSpan.FromDays(1) || (now - entry.Start >= window && entry.Count == 0))
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Count { get; set; }
    }
}
