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
    long? TransactionId);
