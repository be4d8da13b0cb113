namespace OliMove.Edge.Api.Views;

/// <summary>An inverter's last reading: Ok, Stale or Failed (with the reason), or Unknown before the first poll.</summary>
public sealed record PvInverterView(string Id, double RatedPowerW, string Status, double? PowerW, DateTimeOffset? At, string? Reason);
