namespace OliMove.Edge.Dispatch;

/// <summary>
/// A power limit for one connector over time: at most <see cref="SlotW"/>[i] watts during slot i from
/// <see cref="Start"/>. What follows the last slot depends on the kind (<see cref="TransactionPowerLimit"/>,
/// <see cref="FailSafePowerLimit"/>).
/// </summary>
public abstract record PowerLimit(string ChargePointId, int ConnectorId, DateTimeOffset Start, TimeSpan SlotLength, IReadOnlyList<long> SlotW);
