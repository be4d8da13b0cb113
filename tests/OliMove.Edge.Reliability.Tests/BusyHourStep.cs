namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// One message of a charger's scripted hour, stamped with the charger's own time. <see cref="Action"/> is
/// StatusNotification, StartTransaction, MeterValues or StopTransaction; the values it needs are set, the rest 0.
/// </summary>
public sealed record BusyHourStep(
    DateTimeOffset At,
    string ChargePointId,
    string Action,
    string Status = "",
    string IdTag = "",
    long RegisterWh = 0,
    long PowerW = 0,
    int SocPercent = 0);
