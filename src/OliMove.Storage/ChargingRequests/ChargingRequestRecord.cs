namespace OliMove.Storage;

/// <param name="CounterOfferEnergyWh">When counter-offered: the energy possible by the requested departure.</param>
/// <param name="CounterOfferDeparture">When counter-offered: the earliest departure for the requested energy.</param>
public sealed record ChargingRequestRecord(
    long Id,
    long UserId,
    string ChargePointId,
    int ConnectorId,
    long? TransactionId,
    bool OptIn,
    double? EnergyRequestedWh,
    DateTimeOffset? Departure,
    double? BatteryCapacityWh,
    double? StartSocPercent,
    ChargingRequestState State,
    double? CounterOfferEnergyWh,
    DateTimeOffset? CounterOfferDeparture,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsOpen => State is ChargingRequestState.Pending or ChargingRequestState.Accepted
        or ChargingRequestState.CounterOffered or ChargingRequestState.Active;
}
