using OliMove.Edge.Api.Views;
using OliMove.Edge.Prices;

namespace OliMove.Edge.Users;

/// <summary>
/// What the driver sees while charging: energy added, SoC (reported by the car, or estimated from the battery
/// and start SoC the user gave), power now, the planned power per slot, whether the promise is on track, and
/// when charging is expected to finish; with price signals, what the charge is expected to cost at the slot prices
/// of its plan and what that saves against charging at once (<see cref="PlanCostView"/>).
/// </summary>
public sealed record ProgressView(
    RequestAnswer Request,
    string? ConnectorStatus,
    bool Plugged,
    double? EnergyAddedKWh,
    double? SocPercent,
    bool SocEstimated,
    double? PowerW,
    IReadOnlyList<PowerPoint> Plan,
    string? PlanStatus,
    bool? OnTrack,
    string OnTrackMessage,
    DateTimeOffset? ExpectedFinish,
    PlanCostView? Cost = null);
