using System.Runtime.InteropServices;

namespace OliMove.Edge.Hosting;

/// <summary>
/// What the self-contained bundle still needs from a Linux gateway's OS, checked before <c>run</c> touches it, so
/// that a missing library is one clear line instead of the runtime's abort ("No usable version of libssl was found").
/// The bundle runs with invariant globalization, so ICU is not needed; glibc below the runtime's floor fails in the
/// loader before any managed code runs and can only be documented (docs/operations.md, "Gateway requirements").
/// </summary>
public sealed class GatewayPrerequisiteCheck(Func<string, bool> canLoadLibrary, Func<string, bool> directoryExists, Func<string, string?> environment)
{
    // The names the runtime's OpenSSL shim tries, newest first (OpenSSL 3, then 1.1; distro-specific sonames last).
    private static readonly string[] LibSslNames = ["libssl.so.3", "libssl.so.1.1", "libssl.so.10", "libssl.so"];

    public static GatewayPrerequisiteCheck ForThisMachine() => new(
        name => NativeLibrary.TryLoad(name, out var handle) && Release(handle),
        Directory.Exists,
        Environment.GetEnvironmentVariable);

    /// <summary>The first missing prerequisite as one line naming what to install, or null when all are there.</summary>
    public string? FirstMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var sslOverride = environment("DOTNET_OPENSSL_VERSION_OVERRIDE");
        var names = string.IsNullOrWhiteSpace(sslOverride) ? LibSslNames : [$"libssl.so.{sslOverride.Trim()}"];
        if (!names.Any(canLoadLibrary))
        {
            return "OpenSSL was not found (tried " + string.Join(", ", names) + "): install OpenSSL 3 or 1.1 "
                + "(Debian/Ubuntu: libssl3, RHEL/Fedora: openssl-libs, Alpine: libssl3); see docs/operations.md, \"Gateway requirements\".";
        }

        // Site time zones are IANA ids read from the OS's tz database (TimeZoneInfo on Linux); TZDIR moves it.
        var zoneInfo = environment("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        if (!directoryExists(zoneInfo))
        {
            return $"The time zone database was not found at {zoneInfo}: install tzdata (or set TZDIR); see docs/operations.md, \"Gateway requirements\".";
        }

        return null;
    }

    private static bool Release(IntPtr handle)
    {
        NativeLibrary.Free(handle);
        return true;
    }
}
