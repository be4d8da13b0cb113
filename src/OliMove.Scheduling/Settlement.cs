namespace OliMove.Scheduling;

/// <summary>
/// Makes a flow's allocation (already booked in the ledger) physical, in place: first phase limits above the
/// leaf, which the flow's tree cannot express; then the minimum power, which no flow can (a slot is 0 or at least
/// the minimum). Sessions late in the caller's order give way first, so the order of urgency is kept.
/// </summary>
internal sealed class Settlement(GroupModel model, CapacityLedger ledger, int[] sessions, long[][] alloc, long[][]? alreadyPlanned)
{
    /// <summary>Slot by slot, while some circuit total or phase is over its limit, cuts the least urgent session's
    /// power there to what still fits (or to 0 when that is below its minimum).</summary>
    public void CutToLimitsAboveTheLeaf()
    {
        for (int t = 0; t < model.Horizon; t++)
        {
            for (int i = sessions.Length - 1; i >= 0 && !ledger.FitsAt(t); i--)
            {
                long power = alloc[i][t];
                if (power == 0)
                    continue;
                int s = sessions[i];
                ledger.Add(s, t, -power);
                long keep = Math.Min(power, ledger.Room(s, t));
                if (keep + Planned(i, t) < model.MinW[s])
                    keep = 0;
                ledger.Add(s, t, keep);
                alloc[i][t] = keep;
            }
        }
    }

    /// <summary>Every slot of every session whose power (with what it already had) is below its minimum, latest
    /// first, is resettled by <see cref="ResettleBelowMinimum"/>.</summary>
    public void RaiseToMinimumPower()
    {
        for (int i = 0; i < sessions.Length; i++)
        {
            if (model.MinW[sessions[i]] <= 0)
                continue;
            for (int t = model.Horizon - 1; t >= 0; t--)
            {
                long power = alloc[i][t];
                if (power != 0 && power + Planned(i, t) < model.MinW[sessions[i]])
                    ResettleBelowMinimum(i, t);
            }
        }
    }

    /// <summary>
    /// Session i has a sub-minimum amount at slot t. In order: move it to the session's slots that already charge
    /// at least the minimum; else raise slot t to the minimum (a little more energy); else put it, at the minimum,
    /// in an empty slot of its window (latest first); else drop it (the shortfall reports it).
    /// </summary>
    private void ResettleBelowMinimum(int i, int t)
    {
        int s = sessions[i];
        long min = model.MinW[s];
        var power = alloc[i];
        long remainder = power[t];
        ledger.Add(s, t, -remainder);
        power[t] = 0;
        for (int u = model.Horizon - 1; u >= 0 && remainder > 0; u--)
        {
            if (u == t || power[u] + Planned(i, u) < min)
                continue;
            long added = Math.Min(remainder, Math.Min(model.MaxW[s] - power[u] - Planned(i, u), ledger.Room(s, u)));
            if (added <= 0)
                continue;
            power[u] += added;
            ledger.Add(s, u, added);
            remainder -= added;
        }
        if (remainder == 0)
            return;

        long raised = Math.Max(remainder, min - Planned(i, t));
        if (ledger.Room(s, t) >= raised)
        {
            power[t] = raised;
            ledger.Add(s, t, raised);
            return;
        }

        for (int u = model.Horizon - 1; u >= 0; u--)
        {
            long there = Math.Max(remainder, min - Planned(i, u));
            bool fits = power[u] == 0 && u >= model.WindowStart[s] && u < model.WindowEnd[s]
                && Planned(i, u) + there <= model.MaxW[s] && ledger.Room(s, u) >= there;
            if (!fits)
                continue;
            power[u] = there;
            ledger.Add(s, u, there);
            return;
        }
    }

    private long Planned(int i, int t) => alreadyPlanned?[i][t] ?? 0;
}
