namespace OliMove.Modbus.Meters;

/// <summary>
/// What the load manager uses from any meter: total and per-phase real power in W, positive = drawn by what the
/// meter measures. A null was not readable (not implemented, garbage); an empty phase list means phases unknown.
/// </summary>
public sealed record MeterPowerReading(long? TotalW, IReadOnlyList<long?> PhaseW);
