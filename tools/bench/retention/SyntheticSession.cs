namespace OliMove.Bench.Retention;

/// <summary>One charging session of the synthetic site (charger index, plug-in, plug-out, energy in Wh).</summary>
internal sealed record SyntheticSession(int Charger, DateTimeOffset Arrival, DateTimeOffset Departure, long EnergyWh);
