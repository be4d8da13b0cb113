namespace OliMove.Edge.Api.Views;

/// <summary>One point of a power series: a time and watts.</summary>
public sealed record PowerPoint(DateTimeOffset At, double W);
