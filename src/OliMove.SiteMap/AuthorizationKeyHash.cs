using System.Security.Cryptography;
using System.Text;

namespace OliMove.SiteMap;

/// <summary>
/// Salted PBKDF2-SHA256 hash of a charge point's AuthorizationKey (the HTTP Basic password of OCPP 1.6
/// security profile 1/2), stored in the site map instead of the key itself. Format, self-describing so that
/// the iteration count can grow later without breaking stored hashes:
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>.
/// </summary>
public static class AuthorizationKeyHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>
    /// Every WebSocket handshake pays one derivation, and a flood of wrong passwords pays many, on a small
    /// edge box; AuthorizationKeys are machine-generated (16-40 chars), so stretching buys less than for
    /// human passwords. Stored hashes carry their count, so a site can raise it. See docs/decisions/0012.
    /// </summary>
    public const int DefaultIterations = 100_000;

    /// <summary>Lower bound accepted when reading a stored hash.</summary>
    public const int MinimumIterations = 100_000;

    // Keeps a hostile site map from making every connection attempt burn seconds of CPU.
    public const int MaximumIterations = 10_000_000;

    // OCPP 1.6 Security Whitepaper (edition 2), §3.1.2: AuthorizationKey is 16 to 40 characters.
    public const int MinimumKeyLength = 16;
    public const int MaximumKeyLength = 40;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="key"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The key is not 16 to 40 characters long.</exception>
    public static string Create(string key, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is < MinimumKeyLength or > MaximumKeyLength)
        {
            throw new ArgumentException(
                $"an AuthorizationKey must be {MinimumKeyLength} to {MaximumKeyLength} characters long (OCPP 1.6 Security Whitepaper), not {key.Length}",
                nameof(key));
        }

        if (iterations is < MinimumIterations or > MaximumIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations,
                $"iterations must be from {MinimumIterations} to {MaximumIterations}");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// True when <paramref name="key"/> matches <paramref name="stored"/>. A malformed stored value never
    /// matches. The comparison takes the same time wherever the bytes differ.
    /// </summary>
    public static bool Verify(string key, string stored)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(stored);
        if (!TryParse(stored, out var iterations, out var salt, out var expected, out _))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Checks the format without knowing the key; <paramref name="problem"/> says what is wrong.</summary>
    public static bool IsWellFormed(string stored, out string problem) => TryParse(stored, out _, out _, out _, out problem);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash, out string problem)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            problem = $"expected '{Scheme}$<iterations>$<salt>$<hash>'";
            return false;
        }

        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations)
            || iterations is < MinimumIterations or > MaximumIterations)
        {
            problem = $"the iteration count must be a whole number from {MinimumIterations} to {MaximumIterations}";
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            problem = "the salt and the hash must be base64";
            return false;
        }

        if (salt.Length < SaltBytes || hash.Length != HashBytes)
        {
            problem = $"the salt must be at least {SaltBytes} bytes and the hash {HashBytes} bytes";
            return false;
        }

        problem = "";
        return true;
    }
}
