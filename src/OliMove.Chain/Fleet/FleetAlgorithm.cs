namespace OliMove.Chain.Fleet;

/// <summary>An AlgorithmPublished event: a version bound to its code and parameters hashes (hex, no 0x).</summary>
public sealed record FleetAlgorithm(uint Version, string CodeHash, string ParametersHash, string Description);
