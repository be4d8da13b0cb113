namespace OliMove.Edge.Api.Commands;

/// <summary>
/// POST /chargepoints/{id}/reservations: an operator's reservation (OCPP 1.6 §5.13). Its id is the operator's,
/// at least <see cref="OperatorReservationIds.First"/>; ids below are the edge's own holds for accepted requests.
/// </summary>
public sealed record ReserveNowCommand
{
    public required int ReservationId { get; init; }

    public required int ConnectorId { get; init; }

    public required string IdTag { get; init; }

    public required DateTimeOffset ExpiryDate { get; init; }

    public string? ParentIdTag { get; init; }
}
