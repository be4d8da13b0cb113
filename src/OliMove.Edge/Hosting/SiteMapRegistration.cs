using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using StoredChargePoint = OliMove.Storage.ChargePointDefinition;
using StoredConnector = OliMove.Storage.ConnectorDefinition;
using StoredUnit = OliMove.Storage.ChargingRateUnit;

namespace OliMove.Edge.Hosting;

/// <summary>The site map's charge points as storage registers them (upserted on every start).</summary>
public static class SiteMapRegistration
{
    public static IReadOnlyList<StoredChargePoint> ToStorage(SiteTopology topology) =>
        topology.Groups.SelectMany(g => g.ChargePoints.Select(cp => new StoredChargePoint(
            cp.ChargePointId,
            g.Id,
            cp.CircuitId,
            cp.Connectors.FirstOrDefault()?.EvseId,
            cp.AuthorizationKeyHash,
            cp.Connectors.Select(c => new StoredConnector(
                c.ConnectorId,
                c.ConnectionType.ToString(),
                c.Phases,
                c.Phase?.ToString(),
                c.MinCurrentA,
                c.MaxCurrentA,
                c.RatedPowerW,
                cp.ChargingRateUnit == ChargingRateUnit.A ? StoredUnit.A : StoredUnit.W)).ToList()))).ToList();
}
