using System.Security.Cryptography;
using OliMove.Scheduling;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// What the AlgorithmRegistry records for the allocator in this build: its version number, the SHA-256 of the
/// OliMove.Scheduling assembly (a deterministic build, so a third party rebuilding the tagged source gets the
/// same bytes) and the hash of its canonical parameters.
/// </summary>
public static class AlgorithmIdentity
{
    public static string CodeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(typeof(SlotAllocator).Assembly.Location)));

    public static string ParametersHash => AlgorithmVersion.ParametersHash;

    public static string Description => AlgorithmVersion.Id;
}
