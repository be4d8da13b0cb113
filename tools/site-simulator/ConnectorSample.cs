namespace OliMove.Tools.SiteSimulator;

/// <summary>What one connector does at a sampled instant: the car's draw, what the charger offers under its
/// profiles, and what the car would take without any limit.</summary>
public sealed record ConnectorSample(
    ScenarioConnector Connector,
    ScenarioVisit? Visit,
    int? TransactionId,
    double DrawW,
    double OfferedW,
    double CarAcceptableW);
