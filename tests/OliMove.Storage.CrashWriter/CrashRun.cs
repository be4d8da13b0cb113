namespace OliMove.Storage.CrashWriter;

/// <summary>The rows of the crash test, shared by the writer and the test that checks them.</summary>
public static class CrashRun
{
    public const string ChargePointId = "CRASH-CP";

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static MeterSample Sample(int run, int unit) => new(
        ChargePointId, 1, null, Epoch.AddDays(run).AddSeconds(unit),
        MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", unit, "Wh");

    public static string OutboxKey(int run, int unit) => $"crash:{run}:{unit}";
}
