namespace OliMove.Bench.Retention;

/// <summary>What the database and the archive folder held at the end of one simulated day.</summary>
internal sealed record DayFigures(
    int Day,
    long FileBytes,
    long FreeBytes,
    long RawRows,
    long QuarterRows,
    long PlanRows,
    long Transactions,
    long ArchiveBytes,
    long RowsInserted,
    TimeSpan LongestBatch,
    TimeSpan LongestPass,
    TimeSpan RealTime)
{
    public long UsedBytes => FileBytes - FreeBytes;
}
