namespace OliMove.Tools.CpSimulator;

/// <summary>How a connector is wired: converts a per-phase current limit (unit A) to total power (unit W) and back.
/// OCPP 1.6 §7.13: numberPhases absent means 3.</summary>
public sealed record ElectricalSupply(double VoltagePerPhase, int Phases, double MaxCurrentA)
{
    public double MaxPowerW => ToWatts(MaxCurrentA, Phases);

    public double ToWatts(double amps, int? numberPhases) => amps * VoltagePerPhase * Math.Min(numberPhases ?? 3, Phases);

    public double ToAmps(double watts) => watts / (VoltagePerPhase * Phases);
}
