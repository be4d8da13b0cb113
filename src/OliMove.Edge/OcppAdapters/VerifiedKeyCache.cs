using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OliMove.Edge.OcppAdapters;

/// <summary>
/// Remembers, per charge point, the last AuthorizationKey that passed the PBKDF2 check (about 105 ms of CPU), so that a
/// reconnecting charger does not pay it again (decision 0227). Only an HMAC-SHA256 of the key under a random secret of
/// this process is kept, never the key; a hit needs the same stored hash as when it was verified and an equal HMAC,
/// compared in constant time. Everything is forgotten when the site map in force is replaced.
/// </summary>
public sealed class VerifiedKeyCache
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Mac)> _verified = new(StringComparer.Ordinal);
    private readonly Lock _sourceLock = new();
    private object? _source;

    /// <summary>
    /// True when <paramref name="authorizationKey"/> is the key last verified for the charge point against
    /// <paramref name="storedHash"/> while <paramref name="source"/> (the site map in force) was current.
    /// </summary>
    public bool Contains(object source, string chargePointId, string storedHash, string authorizationKey)
    {
        ForgetIfReplaced(source);
        if (!_verified.TryGetValue(chargePointId, out var known) || !string.Equals(known.StoredHash, storedHash, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(known.Mac, MacOf(authorizationKey));
    }

    /// <summary>Remembers a key that has just passed the full check.</summary>
    public void Add(object source, string chargePointId, string storedHash, string authorizationKey)
    {
        ForgetIfReplaced(source);
        _verified[chargePointId] = (storedHash, MacOf(authorizationKey));
    }

    /// <summary>Forgets every verified key (a new site map may have new keys for the same charge points).</summary>
    public void Clear() => _verified.Clear();

    public int Count => _verified.Count;

    private void ForgetIfReplaced(object source)
    {
        lock (_sourceLock)
        {
            if (ReferenceEquals(_source, source))
            {
                return;
            }

            _source = source;
            _verified.Clear();
        }
    }

    private byte[] MacOf(string authorizationKey) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(authorizationKey));
}
