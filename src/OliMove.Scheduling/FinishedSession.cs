namespace OliMove.Scheduling;

/// <summary>A finished session's measured facts, the input of flexibility and tokens (docs/design.md § Flexibility and tokens).</summary>
/// <param name="Arrival">Plug-in time.</param>
/// <param name="DeclaredDeparture">The departure the user declared; null when none was declared.</param>
/// <param name="ActualDeparture">Unplug time.</param>
/// <param name="EnergyDeliveredWh">Energy measured by the charge point's meter.</param>
/// <param name="MaxPowerW">The session's maximum power (connector and EV as seen), P_max.</param>
/// <param name="OptedIn">Only opted-in sessions earn tokens.</param>
public sealed record FinishedSession(
    DateTimeOffset Arrival,
    DateTimeOffset? DeclaredDeparture,
    DateTimeOffset ActualDeparture,
    long EnergyDeliveredWh,
    long MaxPowerW,
    bool OptedIn);
