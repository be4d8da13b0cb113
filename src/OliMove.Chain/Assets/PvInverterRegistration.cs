namespace OliMove.Chain;

/// <summary>A PV inverter as SC1 records it.</summary>
public sealed record PvInverterRegistration(string InverterId, int PeakPowerW, string Group);
