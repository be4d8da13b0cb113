namespace OliMove.Edge.Verification;

/// <summary>One plan as index.json lists it: its key, algorithm, the files that hold it and their recorded hashes.</summary>
public sealed record IndexedPlan(ArchivedPlanKey Key, string AlgorithmVersion, string InputFile, string OutputFile, string InputSha256, string OutputSha256);
