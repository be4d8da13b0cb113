using System.Text.Json;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Live;

/// <summary>
/// Restart without amnesia: before the first plan (hosted services start before the slot loop and before Kestrel
/// takes a connection), every connector's live state is rebuilt from SQLite — its open transaction, last energy
/// register, power and SoC readings, last status, when its charger was last heard of — and each open session's
/// learned vehicle maximum from the last archived plan. The first plan after a restart is then made from the
/// same inputs as the plan an uninterrupted service would make.
/// </summary>
public sealed class LiveStateRebuilder(
    LiveSiteState live,
    TransactionRepository transactions,
    MeterValueRepository meterValues,
    ChargePointRepository chargePoints,
    SlotPlanRepository slotPlans,
    TimeProvider time,
    ILogger<LiveStateRebuilder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var rebuilt = await RebuildAsync(cancellationToken);
        logger.LogInformation("Live state rebuilt from SQLite: {Sessions} open sessions", rebuilt);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Returns how many open transactions were restored.</summary>
    public async Task<int> RebuildAsync(CancellationToken ct)
    {
        var lastHeard = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        void Heard(string chargePointId, DateTimeOffset? at)
        {
            // Sample and start times are the charger's clock, which may run ahead: never later than now.
            if (at is { } heard && (heard > now ? now : heard) is var t && (!lastHeard.TryGetValue(chargePointId, out var known) || t > known))
            {
                lastHeard[chargePointId] = t;
            }
        }

        foreach (var cp in await chargePoints.ListAsync(includeRetired: false, ct))
        {
            Heard(cp.Id, cp.LastSeenAt);
            Heard(cp.Id, cp.Status?.At);
            foreach (var connector in cp.Connectors.Where(c => !c.IsRetired && c.LastStatus is not null))
            {
                var status = connector.LastStatus!;
                Heard(cp.Id, status.At);
                live.UpdateConnector(cp.Id, connector.ConnectorId, c => c with { Status = status.Status, ErrorCode = status.ErrorCode });
            }
        }

        var active = await transactions.ListActiveAsync(ct);
        var open = new Dictionary<string, TransactionRecord>(StringComparer.Ordinal);
        foreach (var tx in active)
        {
            // ListActiveAsync is oldest first: with two open on one connector (a database from before superseding),
            // the latest start is the one running, as GetActiveAsync says.
            open[PlanIds.ConnectorKey(tx.ChargePointId, tx.ConnectorId)] = tx;
        }

        // A session's readings are those linked to it, and those the charger sent on its connector without a
        // transaction since it started. The second kind is read once for all sessions, from the oldest start on: the
        // readings are keyed by time first (decision 0399), so one read by time beats one per connector.
        IReadOnlyList<MeterSample> unlinkedSamples = open.Count == 0 ? [] : await meterValues.GetLatestUnlinkedSinceAsync(open.Values.Min(t => t.StartedAt), ct);
        var unlinked = unlinkedSamples.ToLookup(s => PlanIds.ConnectorKey(s.ChargePointId, s.ConnectorId));
        foreach (var (connectorKey, tx) in open)
        {
            Heard(tx.ChargePointId, tx.StartedAt);
            var samples = (await meterValues.GetLatestOfTransactionAsync(tx.Id, tx.ConnectorId, ct))
                .Concat(unlinked[connectorKey].Where(s => s.Timestamp >= tx.StartedAt))
                .ToList();
            var energy = Latest(samples, MeterValueRepository.EnergyRegisterMeasurand);
            var power = Latest(samples, "Power.Active.Import");
            var soc = samples.Where(s => s.Measurand == "SoC").OrderBy(s => s.Timestamp).LastOrDefault();
            foreach (var s in samples)
            {
                Heard(tx.ChargePointId, s.Timestamp);
            }

            live.UpdateConnector(tx.ChargePointId, tx.ConnectorId, c => c with
            {
                TransactionId = (int)tx.Id,
                TransactionStartedAt = tx.StartedAt,
                EnergyRegisterWh = energy is null || energy.Timestamp < tx.StartedAt ? tx.MeterStartWh : energy.Value,
                EnergyAt = energy is null || energy.Timestamp < tx.StartedAt ? tx.StartedAt : energy.Timestamp,
                MeasuredW = power is null ? null : MeasuredWatts.Of(power.Value),
                MeasuredAt = power?.Timestamp,
                SocPercent = soc?.Value,
                SocAt = soc?.Timestamp,
            });
        }

        foreach (var (chargePointId, at) in lastHeard)
        {
            live.UpdateChargePoint(chargePointId, c => c.LastSeenAt is { } seen && seen >= at ? c : c with { LastSeenAt = at }, notify: false);
        }

        await RestoreVehicleMaximaAsync(open, ct);
        return open.Count;
    }

    private static MeterSample? Latest(IEnumerable<MeterSample> samples, string measurand) =>
        samples.Where(s => s.Measurand == measurand && s.Phase is null).OrderBy(s => s.Timestamp).LastOrDefault();

    /// <summary>Rampdown memory (an EV's maximum as seen) lives in memory; the last archived snapshot holds it.</summary>
    private async Task RestoreVehicleMaximaAsync(Dictionary<string, TransactionRecord> open, CancellationToken ct)
    {
        foreach (var record in await slotPlans.ListLatestPerGroupAsync(ct))
        {
            using var input = JsonDocument.Parse(record.InputJson);
            foreach (var session in input.RootElement.GetProperty("sessions").EnumerateArray())
            {
                var connectorKey = session.GetProperty("connectorId").GetString()!;
                var vehicleMaxW = session.GetProperty("vehicleMaxW").GetInt64();
                if (open.TryGetValue(connectorKey, out var tx)
                    && session.GetProperty("sessionId").GetString() == PlanIds.SessionIdOf(tx.Id)
                    && vehicleMaxW < session.GetProperty("connectorMaxW").GetInt64())
                {
                    live.SetVehicleMaxW(tx.ChargePointId, tx.ConnectorId, vehicleMaxW);
                }
            }
        }
    }
}
