namespace OliMove.Edge.Reservations;

/// <summary>
/// Whether the connector a request names is held for its driver at the charger (ReserveNow accepted), and a
/// sentence for the app either way.
/// </summary>
public sealed record ConnectorHold(
    long RequestId, string ChargePointId, int ConnectorId, string? IdTag, int ReservationId, bool Held, DateTimeOffset? Until, string Note);
