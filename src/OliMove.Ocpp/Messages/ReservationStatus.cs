namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum ReservationStatus
{
    Accepted,
    Faulted,
    Occupied,
    Rejected,
    Unavailable,
}
