namespace OliMove.Edge.Api.Views;

/// <summary>
/// A connector now. Status is the OCPP status as reported (null before the first StatusNotification).
/// SessionEnergyWh is the energy register minus the transaction's meter start. The request fields are the
/// user's (opt-in, energy, departure) when the connector has an open request. Stale: its charger is silent
/// (no connection, no message for Live.SilentAfterSeconds) and the session is planned at its fail-safe share.
/// </summary>
public sealed record ConnectorView(
    int ConnectorId,
    string EvseId,
    string? Status,
    string? ErrorCode,
    double RatedPowerW,
    long? SetpointW,
    double? MeasuredW,
    DateTimeOffset? MeasuredAt,
    double? SessionEnergyWh,
    long? TransactionId,
    string? SessionId,
    double? SocPercent,
    bool? OptIn,
    double? RequestedEnergyWh,
    DateTimeOffset? Departure,
    string? PlanStatus,
    string? ProfileProblem,
    bool Stale = false);
