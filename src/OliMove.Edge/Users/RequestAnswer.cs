namespace OliMove.Edge.Users;

/// <summary>
/// A user's request as the app shows it: the terms, the state, whether it is guaranteed, a sentence that
/// says what happens to the car, and the counter-offers when admission could not promise the terms.
/// </summary>
public sealed record RequestAnswer(
    long Id,
    string ChargePointId,
    int ConnectorId,
    bool OptIn,
    string State,
    bool Guaranteed,
    double? EnergyKWh,
    DateTimeOffset? Departure,
    double? BatteryCapacityKWh,
    double? StartSocPercent,
    double? OfferEnergyKWh,
    DateTimeOffset? OfferDeparture,
    string Message,
    long? TransactionId)
{
    /// <summary>Whether the charger holds the connector for this driver (ReserveNow accepted); null when not asked.</summary>
    public bool? ConnectorHeld { get; init; }

    /// <summary>What the app tells the driver about the hold, e.g. that this charger cannot reserve.</summary>
    public string? ConnectorHoldNote { get; init; }
}
