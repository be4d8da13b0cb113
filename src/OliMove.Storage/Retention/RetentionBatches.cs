namespace OliMove.Storage;

/// <summary>
/// What one retention step did: rows changed, how many units of work it took, and the longest time one of them held
/// the single write path (from the start of its work to its commit), which is how long an OCPP write could wait.
/// </summary>
public sealed record RetentionBatches(long Rows, int Batches, TimeSpan LongestBatch)
{
    public static readonly RetentionBatches None = new(0, 0, TimeSpan.Zero);

    public RetentionBatches Add(long rows, TimeSpan batch) =>
        new(Rows + rows, Batches + 1, batch > LongestBatch ? batch : LongestBatch);

    public RetentionBatches Plus(RetentionBatches other) =>
        new(Rows + other.Rows, Batches + other.Batches, other.LongestBatch > LongestBatch ? other.LongestBatch : LongestBatch);
}
