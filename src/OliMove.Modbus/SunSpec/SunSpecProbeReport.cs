namespace OliMove.Modbus.SunSpec;

/// <summary>
/// What <see cref="SunSpecProbe"/> found at host:port/unit. On failure, <see cref="Reason"/> says why and
/// <see cref="Hint"/> what a technician can try; the fields found before the failure are kept.
/// </summary>
public sealed record SunSpecProbeReport(
    string Host,
    int Port,
    byte UnitId,
    SunSpecProbeOutcome Outcome,
    string? Reason,
    string? Hint,
    SunSpecMap? Map,
    SunSpecCommon? Common,
    SunSpecInverterMeasurement? Inverter,
    SunSpecNameplate? Nameplate)
{
    public bool Succeeded => Outcome == SunSpecProbeOutcome.Found;
}
