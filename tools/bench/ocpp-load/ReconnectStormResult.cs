namespace OliMove.Bench.OcppLoad;

/// <summary>
/// One reconnect storm (<see cref="ReconnectStormRun"/>): when the last charger was booted and when the last queued
/// message was answered (each counted from the storm's start, the first scheduled reconnect), what went wrong, and
/// what the server's SQLite file holds for this storm's transactions afterwards.
/// </summary>
public sealed record ReconnectStormResult(
    int Run,
    int Chargers,
    int BacklogPerCharger,
    double ReconnectWindowSeconds,
    int Booted,
    double AllBootedSeconds,
    int Answered,
    double AllAnsweredSeconds,
    int Unanswered,
    int Refused,
    string? LastRefusal,
    int RetriedHandshakes,
    long TransactionsStored,
    long TransactionsClosed,
    long MeterRowsStored,
    double ServerCpuSeconds,
    double RssMiB,
    string LoadBefore,
    string LoadAfter,
    IReadOnlyDictionary<string, int> ServerCalls,
    long PlansArchived)
{
    /// <summary>Queued messages sent in all: every charger's whole backlog.</summary>
    public int Expected => Chargers * BacklogPerCharger;

    /// <summary>meter_values rows the backlog must leave: each MeterValues (all but the start and the stop) carries
    /// <see cref="ReconnectStormCharger.SamplesPerMeterValues"/> sampled values.</summary>
    public long ExpectedMeterRows => (long)Chargers * (BacklogPerCharger - 2) * ReconnectStormCharger.SamplesPerMeterValues;

    /// <summary>Every charger booted, every message answered, and the file holds each exactly once.</summary>
    public bool Complete =>
        Booted == Chargers && Answered == Expected && Unanswered == 0 && Refused == 0
        && TransactionsStored == Chargers && TransactionsClosed == Chargers && MeterRowsStored == ExpectedMeterRows;

    /// <summary>Server CPU of the whole storm per reconnecting charger (handshake with its key check, boot, the
    /// central system's configuration calls, and the storing of its backlog).</summary>
    public double ServerCpuMsPerCharger => ServerCpuSeconds * 1000 / Chargers;

    /// <summary>The central system's CALLs to the chargers during the storm, per reconnecting charger and action,
    /// e.g. "SetChargingProfile 2.00, GetConfiguration 1.00".</summary>
    public string ServerCallsPerCharger => ServerCalls.Count == 0
        ? "none"
        : string.Join(", ", ServerCalls.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / (double)Chargers:0.00}")));

    /// <summary>One line for the log (the record's own ToString prints the dictionary's type name).</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"run {Run}: {Chargers} chargers × {BacklogPerCharger}, booted {Booted} (last at {AllBootedSeconds:0.0} s), answered {Answered}/{Expected} (last at {AllAnsweredSeconds:0.0} s), unanswered {Unanswered}, refused {Refused} {LastRefusal}, retried handshakes {RetriedHandshakes}, transactions {TransactionsStored} closed {TransactionsClosed}, meter rows {MeterRowsStored}/{ExpectedMeterRows}, server CPU {ServerCpuSeconds:0.00} s = {ServerCpuMsPerCharger:0.0} ms per charger, server CALLs per charger: {ServerCallsPerCharger}, plans archived {PlansArchived}, RSS {RssMiB:0} MiB, load {LoadBefore}/{LoadAfter}, complete {Complete}");
}
