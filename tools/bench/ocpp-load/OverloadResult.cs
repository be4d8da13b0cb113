using System.Globalization;

namespace OliMove.Bench.OcppLoad;

/// <summary>One overload run of <see cref="ServiceOverload"/>. Times in ms; rates per second.</summary>
public sealed record OverloadResult(
    int Run,
    int Chargers,
    double Capacity,
    double Offered,
    double Done,
    double P50FromSendMs,
    double P99FromSendMs,
    double MaxFromSendMs,
    double P99FromScheduleMs,
    int Unanswered,
    int Answered,
    long RowsAdded,
    long RowsMissing,
    double ServerCores,
    double RssMiB,
    string LoadBefore,
    string LoadAfter)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"run {Run}: capacity {Capacity:0}/s, offered {Offered:0}/s, done {Done:0}/s ({Done / Capacity:P0}), send→answer p50 {P50FromSendMs:0.0} ms p99 {P99FromSendMs:0.0} ms max {MaxFromSendMs:0} ms, p99 from schedule {P99FromScheduleMs:0} ms, unanswered {Unanswered}, answered {Answered}, rows added {RowsAdded} (− 5 × answered = {RowsMissing}), server {ServerCores:0.00} cores, RSS {RssMiB:0} MiB, load {LoadBefore}/{LoadAfter}");
}
