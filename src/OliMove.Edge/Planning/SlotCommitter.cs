using OliMove.Chain;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// When a slot ends, queues its chain record in the durable outbox: one status row per connector (status,
/// setpoint, measured power, the user's energy and time left), then one per PV inverter and per battery (decision
/// 0310), then one per meter (decision 0346), and the slot's commitment, naming the algorithm
/// version of the running build. The outbox key is the
/// slot id, so a restart that commits the same slot again queues nothing twice.
/// </summary>
public sealed class SlotCommitter(
    SiteState site,
    LiveSiteState live,
    PlanBoard board,
    SlotPlanRepository slotPlans,
    ChainOutboxRepository outbox,
    RunningAlgorithm algorithm,
    OutboxSignal outboxSignal,
    OliMove.Modbus.Polling.PvLiveState pv,
    OliMove.Edge.Batteries.BatteryLiveState batteries,
    OliMove.Edge.Metering.MeterReadings meters,
    TimeProvider time,
    ILogger<SlotCommitter> logger)
{
    public async Task CommitAsync(DateTimeOffset slotStart, CancellationToken ct)
    {
        var plans = await slotPlans.ListRangeAsync(null, slotStart, slotStart + SlotClock.SlotLength, latestRevisionOnly: false, ct);
        if (plans.Count == 0)
        {
            return;
        }

        var (inputHash, outputHash) = SlotCommitment.Combine(plans);
        var slotEnd = slotStart + SlotClock.SlotLength;
        var rows = new List<AssetStatusRow>();
        foreach (var cp in site.Topology.ChargePoints.OrderBy(c => c.ChargePointId, StringComparer.Ordinal))
        {
            foreach (var connector in cp.Connectors)
            {
                var key = PlanIds.ConnectorKey(cp.ChargePointId, connector.ConnectorId);
                var state = live.Connector(cp.ChargePointId, connector.ConnectorId);
                var session = board.Session(key);
                var energyLeft = session?.Plan.NeedWh is { } need ? Math.Max(0, need) : 0;
                var timeLeft = session?.Snapshot.DeclaredDeparture is { } departure ? Math.Max(0, (long)(departure - slotEnd).TotalSeconds) : 0;
                rows.Add(new AssetStatusRow(
                    key,
                    AssetStatusCodes.FromOcpp(state.Status),
                    (int)Math.Min(int.MaxValue, state.SetpointW ?? 0),
                    (int)Math.Clamp(state.MeasuredW ?? 0, int.MinValue, int.MaxValue),
                    energyLeft,
                    timeLeft));
            }
        }

        rows.AddRange(SiteEnergyRows(time.GetUtcNow()));
        rows.AddRange(MeterRows());

        // The registry number of the build that planned this slot (resolved at start, decision 0264).
        var version = await algorithm.VersionAsync(ct);
        var payload = new SlotStatusPayload(ChainIds.SlotId(slotStart), version, inputHash, outputHash, rows);
        var entry = ChainOutboxEntry.ForSlot(payload);
        var queued = await outbox.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, time.GetUtcNow(), ct);
        if (queued)
        {
            logger.LogInformation("Slot {Slot:HH:mm} committed to the chain outbox: {Plans} plans, {Rows} rows", slotStart, plans.Count, rows.Count);
            outboxSignal.Wake();
        }
    }

    /// <summary>
    /// PV inverters and batteries as registered assets in the slot's rows (same packed word, same gas per row):
    /// status Available / Unavailable (stale, never read, not controlled) / Faulted (failing); a PV row's measured
    /// power is its output, a battery's is its measured power (positive = charging) with the setpoint last written
    /// and, as "energy left", the energy it holds above its reserve.
    /// </summary>
    private IEnumerable<AssetStatusRow> SiteEnergyRows(DateTimeOffset now)
    {
        // The inverters SC1 registers: those of a charging group.
        foreach (var inverter in site.Topology.Groups.SelectMany(g => g.PvInverters).OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var reading = pv.Latest(inverter.Id, now);
            var status = reading?.Status switch
            {
                OliMove.Modbus.Polling.PvReadingStatus.Ok => AssetStatusCode.Available,
                OliMove.Modbus.Polling.PvReadingStatus.Failed => AssetStatusCode.Faulted,
                _ => AssetStatusCode.Unavailable,
            };
            var measured = reading?.Status == OliMove.Modbus.Polling.PvReadingStatus.Ok ? reading.MeasuredPowerW ?? 0 : 0;
            yield return new AssetStatusRow(inverter.Id, status, 0, (int)Math.Clamp(Math.Round(measured), int.MinValue, int.MaxValue), 0, 0);
        }

        foreach (var battery in batteries.Health().OrderBy(b => b.BatteryId, StringComparer.Ordinal))
        {
            var status = battery.Status switch
            {
                "ok" or "not following" => AssetStatusCode.Available,
                "failing" => AssetStatusCode.Faulted,
                _ => AssetStatusCode.Unavailable,
            };
            var usable = status == AssetStatusCode.Available;
            yield return new AssetStatusRow(
                battery.BatteryId,
                status,
                (int)Math.Clamp(battery.SetpointW ?? 0, int.MinValue, int.MaxValue),
                usable ? (int)Math.Clamp(battery.PowerW ?? 0, int.MinValue, int.MaxValue) : 0,
                usable && battery.StoredWh is { } stored ? Math.Max(0, stored - battery.ReserveWh) : 0,
                0);
        }
    }

    /// <summary>
    /// Each site-map meter as a registered asset (decision 0346), same packed word: status Available (a usable
    /// reading), Unavailable (stale or never read), Faulted (failing); measured power = its total as read when the
    /// slot is committed (positive = drawn by what it measures; the phases' sum when the meter gives no total), 0 unless Available.
    /// </summary>
    private IEnumerable<AssetStatusRow> MeterRows()
    {
        var failing = meters.Health().Where(h => h.Status == "failing").Select(h => h.MeterId).ToHashSet(StringComparer.Ordinal);
        foreach (var meter in site.Topology.Map.Meters.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            // The reading the planner would use now; without one the row says why (failing, or stale / never read).
            var reading = meters.Usable(meter.Id);
            var status = reading is not null ? AssetStatusCode.Available : failing.Contains(meter.Id) ? AssetStatusCode.Faulted : AssetStatusCode.Unavailable;
            var measured = reading is null ? 0 : reading.TotalW ?? reading.PhaseW.Sum(p => p ?? 0);
            yield return new AssetStatusRow(meter.Id, status, 0, (int)Math.Clamp(measured, int.MinValue, int.MaxValue), 0, 0);
        }
    }
}
