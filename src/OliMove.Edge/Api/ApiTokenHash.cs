using System.Security.Cryptography;
using System.Text;

namespace OliMove.Edge.Api;

/// <summary>
/// API tokens are long random strings, so one SHA-256 is enough to store them safely (no dictionary to
/// attack, unlike passwords); lookups compare hashes in constant time.
/// </summary>
public static class ApiTokenHash
{
    public static string Sha256Hex(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool Matches(string token, string storedSha256Hex)
    {
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedSha256Hex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
