namespace OliMove.Scheduling;

/// <summary>
/// One plugged-in session as the allocator sees it. Powers are total watts over the phases used.
/// </summary>
/// <param name="SessionId">Unique within the group.</param>
/// <param name="ConnectorId">The connector (for the host's SetChargingProfile).</param>
/// <param name="CircuitId">The circuit the connector hangs on (a node of the tree).</param>
/// <param name="Phases">1 or 3.</param>
/// <param name="Phase">For a 1-phase session, the circuit phase it loads (1..3); 0 for 3-phase.</param>
/// <param name="ConnectorMinW">The connector's minimum (6 A, IEC 61851) in W; 0 when there is none.</param>
/// <param name="ConnectorMaxW">The connector's maximum in W.</param>
/// <param name="VehicleMinW">The EV's minimum as seen, in W.</param>
/// <param name="VehicleMaxW">The EV's maximum as seen (lowered by rampdown when it draws less), in W.</param>
/// <param name="Arrival">Plug-in time (UTC).</param>
/// <param name="DeclaredDeparture">Departure the user declared; null for a non-participant.</param>
/// <param name="EnergyRequestedWh">Energy the user asked for; null for a non-participant who declared nothing.</param>
/// <param name="EnergyDeliveredWh">Energy delivered so far in this session (meter).</param>
/// <param name="OptedIn">The user opted in to smart charging.</param>
/// <param name="Accepted">Admission accepted this request: it is guaranteed on guaranteed capacity.</param>
/// <param name="SwitchesToPhase">0 when the connector cannot switch phases; 1..3 when this 3-phase session's charger
/// can switch it to one phase (OCPP 1.6 numberPhases), which then loads this circuit phase. Its powers above are
/// then all at three phases; at one phase they are a third (the same current on one phase; decision 0324).</param>
/// <param name="SwitchedToOnePhase">The charger runs it at one phase now (the last plan said so): the state the
/// switching hysteresis keeps (decision 0325). Only with <paramref name="SwitchesToPhase"/> set.</param>
public sealed record SessionSnapshot(
    string SessionId,
    string ConnectorId,
    string CircuitId,
    int Phases,
    int Phase,
    long ConnectorMinW,
    long ConnectorMaxW,
    long VehicleMinW,
    long VehicleMaxW,
    DateTimeOffset Arrival,
    DateTimeOffset? DeclaredDeparture,
    long? EnergyRequestedWh,
    long EnergyDeliveredWh,
    bool OptedIn,
    bool Accepted,
    int SwitchesToPhase = 0,
    bool SwitchedToOnePhase = false);
