namespace OliMove.Edge.Configuration;

/// <summary>How long a connector is held for a driver whose promise names it (OCPP 1.6 ReserveNow, decision 0170).</summary>
public sealed class ReservationOptions
{
    /// <summary>
    /// The reservation lasts from the accepted request until this long after the expected arrival (the request's
    /// acceptance: the app asks on the way or at the charger), and never past the departure.
    /// </summary>
    public int GraceMinutes { get; set; } = 30;
}
