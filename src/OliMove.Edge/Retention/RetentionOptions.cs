namespace OliMove.Edge.Retention;

/// <summary>
/// How long the database keeps what (docs/operations.md, "What the database keeps"; decisions 0220, 0221). A background
/// pass applies it every <see cref="IntervalMinutes"/>. Transactions, settlements, users and requests are kept for good.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>False: nothing is pruned or exported (the database grows; ~75 MiB a day at 1,000 chargers).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Raw meter values are kept this many days, then folded into 15-minute quarters per connector and transaction.
    /// Samples of an open or unsettled transaction stay raw whatever their age.
    /// </summary>
    public int RawMeterValueDays { get; set; } = 35;

    /// <summary>The 15-minute meter-value quarters are kept this many days (default 400: a yearly statement and its dispute).</summary>
    public int MeterValueQuarterDays { get; set; } = 400;

    /// <summary>
    /// Archived slot plans stay in SQLite this many whole days; then each UTC day is exported to a compressed file in
    /// <see cref="ArchiveDirectory"/> (which <c>verify --archives</c> reads) and, once the file is read back intact on
    /// the next pass, removed from SQLite. Each group's latest plan always stays.
    /// </summary>
    public int SlotPlanDays { get; set; } = 14;

    /// <summary>Where the slot archive files go (relative to the config file's folder). Nothing ever deletes them.</summary>
    public string ArchiveDirectory { get; set; } = "slot-archives";

    /// <summary>
    /// Confirmed slot records stay in the chain outbox this many days (the chain holds them), and upstream messages the
    /// backend acknowledged as long. Unconfirmed or undelivered rows, and settlements' outbox rows, are never deleted.
    /// </summary>
    public int DeliveredRecordDays { get; set; } = 7;

    /// <summary>
    /// Security events (those chargers report and those the edge raises) are kept this many days after they were
    /// received (default 400: a year's audit and its dispute), then deleted.
    /// </summary>
    public int SecurityEventDays { get; set; } = 400;

    /// <summary>Minutes between two passes (the first runs a minute after start).</summary>
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>Rows per unit of work: the write path (and so any OCPP write) waits at most for one such batch.</summary>
    public int BatchRows { get; set; } = 500;

    /// <summary>Configuration errors, one line each; none when valid.</summary>
    public IEnumerable<string> Check()
    {
        if (RawMeterValueDays is < 1 or > 3650)
        {
            yield return "Retention.RawMeterValueDays must be between 1 and 3650";
        }

        if (MeterValueQuarterDays is < 1 or > 36500)
        {
            yield return "Retention.MeterValueQuarterDays must be between 1 and 36500";
        }

        if (SlotPlanDays is < 1 or > 3650)
        {
            yield return "Retention.SlotPlanDays must be between 1 and 3650";
        }

        if (DeliveredRecordDays is < 1 or > 3650)
        {
            yield return "Retention.DeliveredRecordDays must be between 1 and 3650";
        }

        if (SecurityEventDays is < 1 or > 36500)
        {
            yield return "Retention.SecurityEventDays must be between 1 and 36500";
        }

        if (IntervalMinutes is < 1 or > 1440)
        {
            yield return "Retention.IntervalMinutes must be between 1 and 1440";
        }

        if (BatchRows is < 10 or > 100_000)
        {
            yield return "Retention.BatchRows must be between 10 and 100000";
        }

        if (string.IsNullOrWhiteSpace(ArchiveDirectory))
        {
            yield return "Retention.ArchiveDirectory must name a folder";
        }
    }
}
