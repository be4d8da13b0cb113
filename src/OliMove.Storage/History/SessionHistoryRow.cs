namespace OliMove.Storage;

/// <summary>
/// One session as the cockpit lists it: the transaction, its driver, the promise (if any) and how it turned out,
/// the settlement and its chain write. <paramref name="EnergyWh"/> is stop − start, or the latest register reading
/// while it runs. <paramref name="SettlementTxHash"/> is the chain transaction of its settlement once sent.
/// </summary>
public sealed record SessionHistoryRow(
    long TransactionId,
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    string? UserLogin,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    string? StopReason,
    long MeterStartWh,
    long? MeterStopWh,
    long? EnergyWh,
    long? RequestId,
    bool OptIn,
    double? RequestedEnergyWh,
    DateTimeOffset? Departure,
    string Promise,
    long? BillMinorUnits,
    string? Currency,
    double? FlexibilityKWhH,
    string? SettlementState,
    string? SettlementTxHash);
