using System.Reflection;
using System.Security.Cryptography;
using OliMove.Scheduling;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// What the AlgorithmRegistry records for the allocator in this build: its version number, the SHA-256 of the
/// OliMove.Scheduling assembly and the hash of its canonical parameters. The assembly is a deterministic build
/// (no timestamp, checkout path mapped to /_/, no git commit, no embedded untracked sources: see
/// docs/decisions/0080), so a third party rebuilding the tagged source with the same SDK and configuration gets
/// the same bytes and hence the same hash (docs/verification.md says how).
/// </summary>
public static class AlgorithmIdentity
{
    private static readonly Lazy<string> LoadedAssemblyHash = new(() =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(typeof(SlotAllocator).Assembly.Location))));

    /// <summary>Lower-case hex SHA-256 of the loaded OliMove.Scheduling.dll.</summary>
    public static string CodeHash() => LoadedAssemblyHash.Value;

    /// <summary>The build configuration the loaded allocator was compiled in (Release on a site); part of what reproduces the hash.</summary>
    public static string BuildConfiguration =>
        typeof(SlotAllocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    public static string ParametersHash => AlgorithmVersion.ParametersHash;

    public static string Description => AlgorithmVersion.Id;
}
