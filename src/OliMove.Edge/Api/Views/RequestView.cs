namespace OliMove.Edge.Api.Views;

/// <summary>A charging request and, when one was made, its counter-offer.</summary>
public sealed record RequestView(
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
    string State,
    double? CounterOfferEnergyWh,
    DateTimeOffset? CounterOfferDeparture,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RequestView Of(OliMove.Storage.ChargingRequestRecord r) => new(
        r.Id, r.UserId, r.ChargePointId, r.ConnectorId, r.TransactionId, r.OptIn, r.EnergyRequestedWh, r.Departure,
        r.BatteryCapacityWh, r.StartSocPercent, r.State.ToString(), r.CounterOfferEnergyWh, r.CounterOfferDeparture,
        r.CreatedAt, r.UpdatedAt);
}
