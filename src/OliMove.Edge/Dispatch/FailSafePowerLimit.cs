namespace OliMove.Edge.Dispatch;

/// <summary>
/// A connector's fail-safe: what it may draw, with or without a transaction, when the controller is gone. The slots
/// are the plan's window (decision 0102); after them <paramref name="ThenW"/> holds for good.
/// </summary>
public sealed record FailSafePowerLimit(
    string ChargePointId, int ConnectorId, DateTimeOffset Start, TimeSpan SlotLength, IReadOnlyList<long> SlotW, long ThenW)
    : PowerLimit(ChargePointId, ConnectorId, Start, SlotLength, SlotW);
