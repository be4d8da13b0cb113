namespace OliMove.Edge.Metering;

/// <summary>
/// A metered circuit's other load for the cockpit: the static reservation, the meter's state, what is measured now
/// and the forecast the last plan used for later slots (null when it planned with the static reservation).
/// </summary>
/// <param name="Source">"measured" when plans use the meter (slot under way measured, later slots forecast),
/// "static" when the meter is missing, failing or stale and every slot keeps the declared worst case.</param>
public sealed record OtherLoadCircuitView(
    string CircuitId,
    double LimitW,
    double StaticReservationW,
    string MeterId,
    string MeterStatus,
    long? MeasuredW,
    string Source,
    OtherLoadOutlook? Forecast);
