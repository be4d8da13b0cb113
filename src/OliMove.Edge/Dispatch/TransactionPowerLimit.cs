namespace OliMove.Edge.Dispatch;

/// <summary>
/// The limit of one running transaction. It ends after the last slot (and with the transaction); the connector
/// then falls back to its fail-safe.
/// </summary>
public sealed record TransactionPowerLimit(
    string ChargePointId, int ConnectorId, DateTimeOffset Start, TimeSpan SlotLength, IReadOnlyList<long> SlotW, int TransactionId, int? Phases = null)
    : PowerLimit(ChargePointId, ConnectorId, Start, SlotLength, SlotW);
