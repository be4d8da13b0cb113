namespace OliMove.Storage;

/// <summary>The request states as stored in charging_requests.state.</summary>
internal static class ChargingRequestStateText
{
    public static string ToDb(ChargingRequestState state) => state switch
    {
        ChargingRequestState.Pending => "pending",
        ChargingRequestState.Accepted => "accepted",
        ChargingRequestState.CounterOffered => "counter_offered",
        ChargingRequestState.Declined => "declined",
        ChargingRequestState.Active => "active",
        ChargingRequestState.Completed => "completed",
        ChargingRequestState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown charging request state."),
    };

    public static ChargingRequestState Parse(string text) => text switch
    {
        "pending" => ChargingRequestState.Pending,
        "accepted" => ChargingRequestState.Accepted,
        "counter_offered" => ChargingRequestState.CounterOffered,
        "declined" => ChargingRequestState.Declined,
        "active" => ChargingRequestState.Active,
        "completed" => ChargingRequestState.Completed,
        "cancelled" => ChargingRequestState.Cancelled,
        _ => throw new InvalidDataException($"Unknown charging request state '{text}'."),
    };
}
