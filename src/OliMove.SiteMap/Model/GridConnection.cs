namespace OliMove.SiteMap.Model;

/// <summary>The site's connection to the grid: a limit per phase in A, a total in W, or both.</summary>
public sealed record GridConnection(double? LimitPerPhaseA, double? LimitW);
