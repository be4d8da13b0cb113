namespace OliMove.Scheduling;

/// <summary>
/// The allocator's identity for the chain's algorithm registry: an id and its parameters in canonical JSON, with
/// the SHA-256 of that JSON. Change <see cref="Id"/> whenever the planning method or a parameter changes, so every
/// slot commitment names exactly the rule that produced it.
/// </summary>
public static class AlgorithmVersion
{
    public const string Id = "olimove-guarded-edf/1.4.0";

    /// <summary>Canonical JSON of the method's fixed parameters (no whitespace, fixed key order).</summary>
    public static string ParametersJson { get; } = System.Text.Encoding.UTF8.GetString(CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("energyUnit", "watt-slot");
        w.WriteString("guarantee", "max-flow on guaranteed capacity only, later slots first in blocks of 8, slot 0 last");
        w.WriteString("guaranteePriority", "when not every promise fits, EVs at their connector's max before EVs slowed by the vehicle");
        w.WriteString("nonParticipants", "as soon as possible, arrival order");
        w.WriteString("bestEffort", "max-flow, PV-surplus slots first");
        w.WriteString("bestEffortWithSignals", "lowest grid-draw cap (not below the peak so far or the expected peak, to the power step, Newton on one incremental max-flow) that plans as much; energy first at the limit (peak so far or expected peak at 95 % of capacity, or the energy does not fit under 95 %); then PV-surplus slots first, cheapest cost level first (with feed-in prices, PV surplus costs its feed-in price: first where that is below every import price of the horizon, else opened at that level); pull-forward only from slots that cost as much or more; flat and no demand charge: as without signals");
        w.WriteString("ordering", "least laxity, then earliest deadline, then session id");
        w.WriteString("minimumPower", "0 or at least max(connectorMinW, vehicleMinW)");
        w.WriteString("phases", "1-phase P loads its phase by P; 3-phase P loads each phase by P/3");
        w.WriteString("phaseSwitching", "a switchable 3-phase session goes to one phase (a third of its powers, on its switch phase) when the all-3-phase plan pauses it now and it wants energy; back to three when that plan gives it now at least max(its 1-phase max, 3-phase min + 1-phase min); kept only if the switch lets it charge now and every accepted request on track stays on track, else the latest session id is dropped first");
        w.WriteString("departure", "only whole slots before the declared departure");
        w.WriteString("rounding", "need rounded up to whole watt-slots; planned energy rounded down to whole Wh");
        w.WriteString("batteries", "stored energy above the reserve as full discharge power from slot 0 (front-loaded) added to the guaranteed capacity of the battery's circuit and those above it; planned again with it from slot 1 when that plans no less; discharge = load beyond the grid's capacity, else charge from PV surplus (or idle grid capacity when allowed); no battery: as without");
        w.WriteEndObject();
    }));

    /// <summary>Lower-case hex SHA-256 of <see cref="ParametersJson"/>.</summary>
    public static string ParametersHash { get; } = CanonicalJson.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(ParametersJson));
}
