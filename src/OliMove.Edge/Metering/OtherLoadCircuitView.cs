namespace OliMove.Edge.Metering;

/// <summary>
/// A metered circuit's other load for the cockpit: the static reservation, the meter's state, what is measured now
/// and the forecast the last plan used for later slots (null when it planned with the static reservation).
/// </summary>
/// <param name="Source">"measured" when plans use the meter (slot under way measured, later slots forecast),
/// "static" when the meter is missing, failing or stale and every slot keeps the declared worst case.</param>
/// <param name="MeterId">The meter (or, for metered loads, the meters, comma-separated) the value rests on.</param>
/// <param name="MeasuredBy">"circuit" (the circuit's meter), "load" (meters on its other loads, the rest at their worst
/// case) or "grid" (the grid meter's residual caps the worst case), decision 0351.</param>
public sealed record OtherLoadCircuitView(
    string CircuitId,
    double LimitW,
    double StaticReservationW,
    string MeterId,
    string MeterStatus,
    long? MeasuredW,
    string Source,
    OtherLoadOutlook? Forecast,
    string MeasuredBy);
