namespace OliMove.Scheduling.Batteries;

/// <summary>
/// Turns a plan made on battery-raised capacity into each battery's power: per slot, a battery discharges what the
/// sessions' load needs beyond the grid's own capacity on its path (at most its series for that slot), and a
/// battery that does not discharge charges from the room the sessions left (PV surplus only, unless it may charge
/// from the grid), up to its limits and until full. Line loads are kept three times over, as in the allocator's
/// ledger, so a three-phase battery's third per line stays an integer.
/// </summary>
internal sealed class BatteryPowerSettlement
{
    private readonly GroupSnapshot _snapshot;
    private readonly BatterySnapshot[] _batteries;
    private readonly CircuitSnapshot[] _circuits;
    private readonly int[][] _batteryPath;
    private readonly Dictionary<string, int[]> _sessionPath;
    private readonly Dictionary<string, SessionSnapshot> _sessions;
    private readonly long _step;

    public BatteryPowerSettlement(GroupSnapshot snapshot, BatterySnapshot[] batteries)
    {
        _snapshot = snapshot;
        _batteries = batteries;
        _circuits = [.. snapshot.Circuits];
        _step = 3600 / snapshot.SlotSeconds;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < _circuits.Length; c++)
            index[_circuits[c].CircuitId] = c;
        int[] PathOf(string circuit)
        {
            var path = new List<int>();
            for (string? c = circuit; c is not null && index.TryGetValue(c, out int i) && !path.Contains(i); c = _circuits[i].ParentId)
                path.Add(i);
            return [.. path];
        }
        _batteryPath = batteries.Select(b => PathOf(b.CircuitId)).ToArray();
        _sessionPath = snapshot.Sessions.ToDictionary(s => s.SessionId, s => PathOf(s.CircuitId), StringComparer.Ordinal);
        _sessions = snapshot.Sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);
    }

    /// <summary>What each battery must discharge at slot t for the plan's load to fit the grid's own capacity.</summary>
    public long[] DischargeAt(GroupPlan plan, IReadOnlyList<long[]> series, int t)
    {
        var over = new long[_circuits.Length];
        var (load, load3) = Loads(plan, t);
        for (int c = 0; c < _circuits.Length; c++)
        {
            long need = load[c] - Capacity(c, t);
            if (load3[c] is { } l3)
            {
                for (int k = 0; k < 3; k++)
                    need = Math.Max(need, l3[k] - Capacity3(c, k, t));
            }
            over[c] = Math.Max(0, need);
        }
        var discharge = new long[_batteries.Length];
        for (int b = 0; b < _batteries.Length; b++)
        {
            long need = 0;
            foreach (int c in _batteryPath[b])
                need = Math.Max(need, over[c]);
            long d = Math.Min(series[b][t], GroupModel.CeilDiv(need, _step) * _step);
            discharge[b] = d;
            foreach (int c in _batteryPath[b])
                over[c] = Math.Max(0, over[c] - d);
        }
        return discharge;
    }

    /// <summary>Each battery's power and stored energy over the horizon, ordered by battery id.</summary>
    public BatteryPlan[] Settle(GroupPlan plan, IReadOnlyList<long[]> series)
    {
        int h = _snapshot.HorizonSlots;
        var power = _batteries.Select(_ => new long[h]).ToArray();
        var storedAfter = _batteries.Select(_ => new long[h]).ToArray();
        var stored = _batteries.Select(b => b.StoredWh).ToArray();
        for (int t = 0; t < h; t++)
        {
            var discharge = DischargeAt(plan, series, t);
            var (load, load3) = Loads(plan, t);
            var room = new long[_circuits.Length];
            var room3 = new long[_circuits.Length][];
            for (int c = 0; c < _circuits.Length; c++)
            {
                room[c] = Capacity(c, t) - load[c];
                room3[c] = [long.MaxValue / 4, long.MaxValue / 4, long.MaxValue / 4];
                if (load3[c] is { } l3)
                {
                    for (int k = 0; k < 3; k++)
                        room3[c][k] = Capacity3(c, k, t) - l3[k];
                }
            }
            for (int b = 0; b < _batteries.Length; b++)
            {
                foreach (int c in _batteryPath[b])
                {
                    room[c] += discharge[b];
                    for (int k = 0; k < 3; k++)
                        room3[c][k] += discharge[b];
                }
            }
            for (int b = 0; b < _batteries.Length; b++)
            {
                var battery = _batteries[b];
                long charge = 0;
                if (discharge[b] == 0)
                {
                    long fit = Math.Min(battery.MaxChargeW, Math.Max(0, battery.CapacityWh - stored[b]) * _step);
                    long source = battery.MayChargeFromGrid ? long.MaxValue : 0;
                    foreach (int c in _batteryPath[b])
                    {
                        fit = Math.Min(fit, Math.Min(room[c], room3[c].Min()));
                        // PV surplus the sessions left: the part of the circuit's room above its guaranteed capacity.
                        source = Math.Max(source, Math.Min(_circuits[c].SurplusW[t], room[c]));
                    }
                    charge = Math.Max(0, Math.Min(fit, source)) / _step * _step;
                    foreach (int c in _batteryPath[b])
                    {
                        room[c] -= charge;
                        for (int k = 0; k < 3; k++)
                            room3[c][k] -= charge;
                    }
                }
                power[b][t] = charge - discharge[b];
                stored[b] += power[b][t] / _step;
                storedAfter[b][t] = stored[b];
            }
        }
        return [.. _batteries.Select((b, i) => new BatteryPlan(b.BatteryId, power[i][0], power[i], storedAfter[i]))];
    }

    private long Capacity(int c, int t) => _circuits[c].GuaranteedW[t] + _circuits[c].SurplusW[t];

    private long Capacity3(int c, int k, int t)
    {
        var circuit = _circuits[c];
        return 3 * (circuit.PhaseGuaranteedW!.Of(k + 1)[t] + (circuit.PhaseSurplusW?.Of(k + 1)[t] ?? 0));
    }

    /// <summary>The sessions' planned load per circuit at slot t, in total and per line three times over (null without line limits).</summary>
    private (long[] Load, long[]?[] Load3) Loads(GroupPlan plan, int t)
    {
        var load = new long[_circuits.Length];
        var load3 = new long[]?[_circuits.Length];
        for (int c = 0; c < _circuits.Length; c++)
            load3[c] = _circuits[c].PhaseGuaranteedW is null ? null : new long[3];
        foreach (var sp in plan.Sessions)
        {
            long p = sp.PowerW[t];
            if (p == 0)
                continue;
            var s = _sessions[sp.SessionId];
            foreach (int c in _sessionPath[sp.SessionId])
            {
                load[c] += p;
                if (load3[c] is not { } l3)
                    continue;
                if (s.Phases == 1)
                    l3[s.Phase - 1] += 3 * p;
                else
                {
                    for (int k = 0; k < 3; k++)
                        l3[k] += p;
                }
            }
        }
        return (load, load3);
    }
}
