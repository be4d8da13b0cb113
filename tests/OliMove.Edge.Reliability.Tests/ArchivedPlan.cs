namespace OliMove.Edge.ReliabilityTests;

/// <summary>One row of slot_plans, as a test compares it: the canonical input and the two hashes.</summary>
public sealed record ArchivedPlan(long Id, string InputJson, string InputSha256, string OutputSha256);
