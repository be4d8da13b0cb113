namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A car's stay at a site in a simulated day: the charger (its index), arrival and departure as times of the site's
/// day, the driver (null: a walk-in without an account), its battery (usable Wh, state of charge on arrival), and the
/// driver's request (energy in kWh, declared departure as a time of the day).
/// </summary>
public sealed record DayVisit(int Charger, TimeSpan Arrive, TimeSpan Leave, int? Driver, double CapacityWh, double StartPercent, int EnergyKWh, TimeSpan Departure);
