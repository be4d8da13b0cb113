namespace OliMove.Edge.Verification;

/// <summary>An AlgorithmRegistry entry as published on chain; hashes as lower-case hex.</summary>
public sealed record PublishedAlgorithm(uint Version, string CodeHash, string ParametersHash, string Description);
