namespace OliMove.Storage;

/// <summary>
/// What the user asks for. With opt-in, the energy and the departure are required (they are what the
/// allocator guarantees); without it both may be null (charge as soon as possible).
/// </summary>
public sealed record NewChargingRequest(
    long UserId,
    string ChargePointId,
    int ConnectorId,
    bool OptIn,
    double? EnergyRequestedWh,
    DateTimeOffset? Departure,
    double? BatteryCapacityWh,
    double? StartSocPercent);
