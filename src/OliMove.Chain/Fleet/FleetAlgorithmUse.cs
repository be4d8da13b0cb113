namespace OliMove.Chain.Fleet;

/// <summary>
/// An algorithm version a site's slots name, how many slots name it, and its registered code hash (the SHA-256
/// of the allocator DLL, which tells the release to verify them with); null when the registry has no such version.
/// </summary>
public sealed record FleetAlgorithmUse(uint Version, int Slots, string? CodeHash);
