using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OliMove.Edge.Users;

/// <summary>
/// Passwords are stored as "pbkdf2-sha256$iterations$salt$hash" (PBKDF2-HMAC-SHA256, 16-byte random salt,
/// 32-byte hash), compared in constant time. The iteration count is in the string, so it can be raised later
/// without breaking stored hashes (docs/decisions/0071): 600,000 iterations since decision 0244 (OWASP's figure for
/// PBKDF2-HMAC-SHA256), and a hash with fewer is replaced at the next successful sign-in (<see cref="NeedsUpgrade"/>).
/// </summary>
public static class UserPasswordHash
{
    public const int Iterations = 600_000;
    public const int MinLength = 10;
    public const int MaxLength = 128;
    private const string Scheme = "pbkdf2-sha256";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether a stored hash is of an older, cheaper kind than <see cref="Hash"/> makes today.</summary>
    public static bool NeedsUpgrade(string? stored)
    {
        var parts = stored?.Split('$');
        return parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < Iterations;
    }

    public static bool Verify(string password, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
