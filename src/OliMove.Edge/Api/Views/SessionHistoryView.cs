namespace OliMove.Edge.Api.Views;

/// <summary>
/// A session in the list: the transaction (the fields of the former session view, unchanged), its driver, its
/// promise and how it turned out, its settlement and the settlement's chain write (tx hash once sent).
/// </summary>
public sealed record SessionHistoryView(
    long TransactionId,
    string SessionId,
    string ChargePointId,
    string? GroupId,
    int ConnectorId,
    string IdTag,
    string? User,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    long MeterStartWh,
    long? MeterStopWh,
    long? EnergyWh,
    string? StopReason,
    bool Active,
    bool OptIn,
    double? RequestedEnergyWh,
    DateTimeOffset? Departure,
    string Promise,
    long? BillMinorUnits,
    string? Currency,
    double? FlexibilityKWhH,
    string? SettlementState,
    string? SettlementTxHash);
