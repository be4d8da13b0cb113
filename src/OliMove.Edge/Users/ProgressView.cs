using OliMove.Edge.Api.Views;

namespace OliMove.Edge.Users;

/// <summary>
/// What the driver sees while charging: energy added, SoC (reported by the car, or estimated from the battery
/// and start SoC the user gave), power now, the planned power per slot, whether the promise is on track, and
/// when charging is expected to finish.
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
    DateTimeOffset? ExpectedFinish);
