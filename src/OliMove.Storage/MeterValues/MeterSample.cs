namespace OliMove.Storage;

/// <summary>
/// One sampled value, already normalised at the OCPP edge: Value in W, Wh, A, V or % as <see cref="Unit"/> says.
/// </summary>
/// <param name="Phase">OCPP phase (L1, L2, L3, L1-N, …) or null when the sample is not per phase.</param>
/// <param name="Context">OCPP ReadingContext, e.g. Sample.Periodic (the OCPP default), Transaction.Begin.</param>
/// <param name="Location">OCPP Location (Outlet, Inlet, Body, Cable, EV) or null when the charge point sent none.</param>
public sealed record MeterSample(
    string ChargePointId,
    int ConnectorId,
    long? TransactionId,
    DateTimeOffset Timestamp,
    string Measurand,
    string? Phase,
    string Context,
    double Value,
    string Unit,
    string? Location = null);
