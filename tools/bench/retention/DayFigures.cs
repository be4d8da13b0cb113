using System.Globalization;

namespace OliMove.Bench.Retention;

/// <summary>
/// What the database and the archive folder held at the end of one simulated day, and what the day cost: real time,
/// the process's CPU time, and where the real time went (the slot units of work, the chain writer's confirmations,
/// the retention passes, the measuring). One line of the per-day CSV, written as the run goes.
/// </summary>
internal sealed record DayFigures(
    int Day,
    long FileBytes,
    long FreeBytes,
    long RawReadings,
    long QuarterRows,
    long PlanRows,
    long Transactions,
    long ArchiveBytes,
    long ValuesInserted,
    TimeSpan LongestBatch,
    TimeSpan LongestPass,
    TimeSpan RealTime,
    TimeSpan CpuTime,
    TimeSpan WriteTime,
    TimeSpan ConfirmTime,
    TimeSpan PassTime,
    TimeSpan MeasureTime,
    double Load)
{
    public const string CsvHeader =
        "day,file_bytes,free_bytes,raw_readings,quarter_rows,plan_rows,transactions,archive_bytes,values_inserted,longest_batch_ms,longest_pass_s,real_s,cpu_s,write_s,confirm_s,pass_s,measure_s,load1";

    public long UsedBytes => FileBytes - FreeBytes;

    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Day},{FileBytes},{FreeBytes},{RawReadings},{QuarterRows},{PlanRows},{Transactions},{ArchiveBytes},{ValuesInserted},{LongestBatch.TotalMilliseconds:F1},{LongestPass.TotalSeconds:F2},{RealTime.TotalSeconds:F1},{CpuTime.TotalSeconds:F1},{WriteTime.TotalSeconds:F1},{ConfirmTime.TotalSeconds:F1},{PassTime.TotalSeconds:F1},{MeasureTime.TotalSeconds:F1},{Load:F1}");

    public static DayFigures FromCsv(string line)
    {
        var f = line.Split(',');
        long L(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new DayFigures((int)L(0), L(1), L(2), L(3), L(4), L(5), L(6), L(7), L(8), TimeSpan.FromMilliseconds(D(9)), TimeSpan.FromSeconds(D(10)),
            TimeSpan.FromSeconds(D(11)), TimeSpan.FromSeconds(D(12)), TimeSpan.FromSeconds(D(13)), TimeSpan.FromSeconds(D(14)), TimeSpan.FromSeconds(D(15)),
            TimeSpan.FromSeconds(D(16)), D(17));
    }
}
