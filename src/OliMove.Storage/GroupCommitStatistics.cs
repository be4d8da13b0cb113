namespace OliMove.Storage;

/// <summary>What the group commit has done since the database was opened (for benchmarks, tests and diagnostics).</summary>
/// <param name="Batches">Transactions committed or rolled back by the group commit.</param>
/// <param name="Writes">Units of work those transactions held.</param>
/// <param name="LargestBatch">The most units one transaction held.</param>
/// <param name="QueueDepth">Units waiting now.</param>
/// <param name="QueueCapacity">The most units that may wait; callers beyond it wait to get in.</param>
/// <param name="HighestQueueDepth">The most units seen waiting at once; never above <paramref name="QueueCapacity"/>.</param>
public sealed record GroupCommitStatistics(
    long Batches,
    long Writes,
    int LargestBatch,
    int QueueDepth,
    int QueueCapacity,
    int HighestQueueDepth);
