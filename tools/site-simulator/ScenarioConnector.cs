using OliMove.SiteMap.Model;

namespace OliMove.Tools.SiteSimulator;

/// <summary>A connector of the site map as the scenario uses it: where it hangs and how it is wired.</summary>
public sealed record ScenarioConnector(
    string ChargePointId,
    int ConnectorId,
    string CircuitId,
    double RatedPowerW,
    int Phases,
    PhaseConductor? Phase,
    bool IsDc)
{
    public static IReadOnlyList<ScenarioConnector> FromSiteMap(SiteMapDocument map) =>
        [.. map.ChargePoints.SelectMany(cp => cp.Connectors.Select(c => new ScenarioConnector(
            cp.ChargePointId,
            c.ConnectorId,
            cp.CircuitId,
            c.RatedPowerW,
            c.Phases,
            c.Phase,
            c.ConnectionType is ConnectionType.CCS1 or ConnectionType.CCS2 or ConnectionType.CHAdeMO)))];
}
