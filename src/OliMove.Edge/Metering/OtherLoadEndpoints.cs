using OliMove.Edge.Api;
using OliMove.Edge.Hosting;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Metering;

/// <summary>
/// GET /api/v1/groups/{groupId}/other-load (viewer): per metered circuit of the group, the other load measured now,
/// the meter's state and the forecast (median and envelope per slot) the last plan used (decision 0314).
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
                if (topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.Circuit && m.TargetId == circuit.Id) is not { } meter)
                {
                    continue;
                }

                var now = measured.Now(circuit);
                circuits.Add(new OtherLoadCircuitView(
                    circuit.Id,
                    circuit.LimitW,
                    circuit.ReservedW,
                    meter.Id,
                    health.TryGetValue(meter.Id, out var h) ? h.Status : "never read",
                    now?.TotalW,
                    now is null ? "static" : "measured",
                    now is null ? null : forecasts.Latest(circuit.Id)));
            }

            return Results.Ok(new { groupId = group.Id, at = time.GetUtcNow(), circuits });
        }).RequireAuthorization(ApiPolicies.Viewer);
        return api;
    }
}
