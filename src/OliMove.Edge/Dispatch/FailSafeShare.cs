namespace OliMove.Edge.Dispatch;

/// <summary>A connector's fail-safe limit: what it may draw when the controller is gone.</summary>
public sealed record FailSafeShare(string ChargePointId, int ConnectorId, long PowerW, int Phases);
