namespace OliMove.Edge.Api.Commands;

/// <summary>
/// Reservation ids an operator may use. The edge reserves connectors for accepted requests with the request's id
/// as reservationId (decision 0170), so operator ids start far above any request id and never replace its holds.
/// </summary>
public static class OperatorReservationIds
{
    public const int First = 1_000_000_000;

    public static bool IsOperators(int reservationId) => reservationId >= First;
}
