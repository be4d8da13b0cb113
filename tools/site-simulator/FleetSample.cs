namespace OliMove.Tools.SiteSimulator;

/// <summary>The whole simulated site at one instant of the scenario clock.</summary>
public sealed record FleetSample(DateTimeOffset Time, IReadOnlyList<ConnectorSample> Connectors, IReadOnlyList<string> OfflineChargePoints);
