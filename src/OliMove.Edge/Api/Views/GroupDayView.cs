namespace OliMove.Edge.Api.Views;

/// <summary>
/// A group's day for the chart: the limit, planned power per slot (archived plans for past slots, the plan in
/// force for the rest) and measured power as the service has sampled it since it started.
/// </summary>
public sealed record GroupDayView(string GroupId, DateTimeOffset From, DateTimeOffset To, double LimitW, IReadOnlyList<PowerPoint> Planned, IReadOnlyList<PowerPoint> Measured);
