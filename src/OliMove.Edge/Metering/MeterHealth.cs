namespace OliMove.Edge.Metering;

/// <summary>
/// A meter as /api/v1/health shows it; anything but "ok" means its circuit plans with the static reservation. Problem
/// and ProblemAt: the failure since the last good reading, null once it reads well again (decision 0396).
/// </summary>
public sealed record MeterHealth(string MeterId, string Status, long? LastTotalW, DateTimeOffset? ReadAt, string? Problem, DateTimeOffset? ProblemAt);
