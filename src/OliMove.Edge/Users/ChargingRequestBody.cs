namespace OliMove.Edge.Users;

/// <summary>
/// POST /me/requests. With opt-in: a departure and either EnergyKWh, or TargetSocPercent with
/// BatteryCapacityKWh and CurrentSocPercent. Without opt-in the car charges as soon as possible and the
/// rest is optional.
/// </summary>
public sealed record ChargingRequestBody
{
    public required string ChargePointId { get; init; }

    public required int ConnectorId { get; init; }

    public required bool OptIn { get; init; }

    public double? EnergyKWh { get; init; }

    public double? TargetSocPercent { get; init; }

    public double? BatteryCapacityKWh { get; init; }

    public double? CurrentSocPercent { get; init; }

    public DateTimeOffset? Departure { get; init; }
}
