using OliMove.Storage;

namespace OliMove.Edge.Retention;

/// <summary>What one retention pass did; <see cref="LongestBatch"/> is the longest any unit of work held the write path.</summary>
public sealed record RetentionReport(
    RetentionBatches MeterValuesFolded,
    RetentionBatches QuartersDeleted,
    int ArchiveFilesWritten,
    int PlansArchived,
    RetentionBatches PlansDeleted,
    RetentionBatches OutboxDeleted,
    RetentionBatches UpstreamDeleted,
    RetentionBatches SecurityEventsDeleted)
{
    public TimeSpan LongestBatch =>
        new[] { MeterValuesFolded, QuartersDeleted, PlansDeleted, OutboxDeleted, UpstreamDeleted, SecurityEventsDeleted }.Max(b => b.LongestBatch);

    public int Batches => MeterValuesFolded.Batches + QuartersDeleted.Batches + PlansDeleted.Batches + OutboxDeleted.Batches + UpstreamDeleted.Batches + SecurityEventsDeleted.Batches;

    public bool ChangedAnything => Batches > 0 || ArchiveFilesWritten > 0;
}
