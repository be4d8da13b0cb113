namespace OliMove.Storage;

/// <summary>
/// Life of a charging request. Open states (one per connector at a time): Pending, Accepted,
/// CounterOffered, Active. Final: Declined, Completed, Cancelled.
/// </summary>
public enum ChargingRequestState
{
    Pending,
    Accepted,
    CounterOffered,
    Declined,
    Active,
    Completed,
    Cancelled,
}
