namespace OliMove.Edge.Api.Views;

/// <summary>A circuit of a group: its limit, what is planned on it this slot, and what its connectors draw now.</summary>
public sealed record CircuitView(string Id, string? ParentId, double LimitW, double ReservedW, double? PlannedW, double MeasuredW);
