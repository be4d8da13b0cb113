using OliMove.Edge.Prices;

namespace OliMove.Edge.Users;

/// <summary>A finished (or running) session of the user: energy, duration and, once settled, the bill, flexibility and
/// tokens; with price signals, its energy at the slot prices actually paid (<see cref="EnergyCostView"/>; not the bill).</summary>
public sealed record ReceiptView(
    long TransactionId,
    string ChargePointId,
    int ConnectorId,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    double? DurationMinutes,
    double? EnergyKWh,
    bool Settled,
    long? BillMinorUnits,
    string? Currency,
    string? Bill,
    double? FlexibilityKWhH,
    string FlexibilitySentence,
    string? Tokens,
    string? TokensBaseUnits = null,
    EnergyCostView? EnergyCost = null);
