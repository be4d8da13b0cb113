namespace OliMove.Edge.Batteries;

/// <summary>
/// A battery as /api/v1/health and the group endpoint show it. Status: "ok", "not following" (planned with what it
/// does), "failing", "stale", "never read" (the last three: planned as absent) or "not controlled" (no Modbus in
/// the site map: registered, never planned). Problem and ProblemAt say why it is not "ok" now (the failure since
/// the last good reading, or what it did instead of its setpoint); null once it reads well again (decision 0396).
/// </summary>
public sealed record BatteryHealth(
    string BatteryId,
    string GroupId,
    string Status,
    double? SocPercent,
    long? StoredWh,
    long ReserveWh,
    long CapacityWh,
    long? PowerW,
    long? SetpointW,
    DateTimeOffset? ReadAt,
    string? Problem,
    DateTimeOffset? ProblemAt);
