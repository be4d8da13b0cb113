namespace OliMove.Bench.UpstreamLoad;

/// <summary>One measured phase: which edge, its round trips' p50/p99 (ms), CALLs answered and failed, and the
/// machine's 1-minute load average at its end.</summary>
public sealed record PhaseResult(int Round, string Path, double P50, double P99, int Answered, int Failed, string LoadAverage);
