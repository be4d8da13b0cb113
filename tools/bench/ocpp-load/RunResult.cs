namespace OliMove.Bench.OcppLoad;

/// <summary>One measured run of one server in <see cref="ServiceComparison"/>.</summary>
public sealed record RunResult(
    string Server,
    int Run,
    double Rate,
    double P50,
    double P99,
    int Unanswered,
    int AnsweredTotal,
    long? RowsAdded,
    double RssMiB,
    double CpuCores,
    double ConnectSeconds,
    double ConnectCpuMsPerCharger,
    string LoadBefore,
    string LoadAfter,
    double IdleCores,
    double AllCpuMsPerMeterValues)
{
    /// <summary>Server CPU per MeterValues answered in the window (ms): what carries between runs on a loaded machine.</summary>
    public double CpuMsPerMeterValues => Rate > 0 ? CpuCores * 1000 / Rate : double.NaN;
}
