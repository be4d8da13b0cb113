using OliMove.Edge.Api;
using OliMove.Edge.Hosting;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Metering;

/// <summary>
/// GET /api/v1/groups/{groupId}/other-load (viewer): per metered circuit of the group, the other load measured now,
/// the meter's state and the forecast (median and envelope per slot) the last plan used (decision 0314); a circuit
/// measured through meters on its other loads or bounded by the grid meter is listed too (decision 0351).
/// </summary>
public static class OtherLoadEndpoints
{
    public static RouteGroupBuilder MapOtherLoadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/groups/{groupId}/other-load", (string groupId, SiteState site, MeterReadings readings, MeasuredOtherLoad measured, OtherLoadForecastSource forecasts, TimeProvider time) =>
        {
            var topology = site.Topology;
            if (topology.Groups.FirstOrDefault(g => g.Id == groupId) is not { } group)
            {
                return ApiErrors.NotFound($"no group '{groupId}'");
            }

            var health = readings.Health().ToDictionary(h => h.MeterId, StringComparer.Ordinal);
            var circuits = new List<OtherLoadCircuitView>();
            foreach (var circuit in group.Circuits)
            {
                // What can measure this circuit's other load, in the order it is used (decisions 0238, 0351).
                var circuitMeter = topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.Circuit && m.TargetId == circuit.Id);
                var loadMeters = topology.Map.Meters.Where(m => m.Attachment == MeterAttachment.OtherLoad
                    && topology.Map.OtherLoads.Any(l => l.Id == m.TargetId && topology.PathToRoot(l.CircuitId).Any(c => c.Id == circuit.Id))).ToList();
                var gridMeter = circuit.ReservedW > 0 ? topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.GridConnection) : null;
                var source = measured.Source(circuit);
                List<MeterDefinition> relevant = source is not null
                    ? [.. topology.Map.Meters.Where(m => source.MeterIds.Contains(m.Id) || (source.Source == OliMove.Storage.OtherLoadSource.Circuit && m == circuitMeter))]
                    : circuitMeter is not null ? [circuitMeter] : loadMeters.Count > 0 ? loadMeters : gridMeter is not null ? [gridMeter] : [];
                if (relevant.Count == 0)
                {
                    continue;
                }

                var statuses = relevant.Select(m => health.TryGetValue(m.Id, out var h) ? h.Status : "never read").ToList();
                var measuredBy = source?.Source ?? (circuitMeter is not null ? OliMove.Storage.OtherLoadSource.Circuit
                    : loadMeters.Count > 0 ? OliMove.Storage.OtherLoadSource.Load : OliMove.Storage.OtherLoadSource.Grid);
                circuits.Add(new OtherLoadCircuitView(
                    circuit.Id,
                    circuit.LimitW,
                    circuit.ReservedW,
                    string.Join(", ", relevant.Select(m => m.Id)),
                    statuses.FirstOrDefault(st => st != "ok") ?? "ok",
                    source?.Now.TotalW,
                    source is null ? "static" : "measured",
                    source is null ? null : forecasts.Latest(circuit.Id),
                    measuredBy.ToString().ToLowerInvariant()));
            }

            return Results.Ok(new { groupId = group.Id, at = time.GetUtcNow(), circuits });
        }).RequireAuthorization(ApiPolicies.Viewer);
        return api;
    }
}
