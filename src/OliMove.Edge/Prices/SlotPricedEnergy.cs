namespace OliMove.Edge.Prices;

/// <summary>
/// Energy priced slot by slot (docs/prices.md, "What the driver sees"): a plan at the import prices its snapshot
/// carried, the same energy charged at once, and metered register readings cut into slots. Prices are in millionths
/// of the currency per kWh, as in <see cref="OliMove.Scheduling.EnergySignals"/>; costs come back in millionths.
/// </summary>
public static class SlotPricedEnergy
{
    /// <summary>What power per slot costs at the slot prices: W × slot seconds / 3600 Wh at price per kWh, each.</summary>
    public static long CostMicros(IReadOnlyList<long> powerW, int slotSeconds, IReadOnlyList<long> priceMicrosPerKWh)
    {
        ArgumentNullException.ThrowIfNull(powerW);
        ArgumentNullException.ThrowIfNull(priceMicrosPerKWh);
        if (priceMicrosPerKWh.Count < powerW.Count)
            throw new ArgumentException($"{powerW.Count} slots of power but prices for {priceMicrosPerKWh.Count}", nameof(priceMicrosPerKWh));
        Int128 wattSecondMicros = 0;
        for (int t = 0; t < powerW.Count; t++)
            wattSecondMicros += (Int128)powerW[t] * slotSeconds * priceMicrosPerKWh[t];
        // W·s × µ/kWh: 3,600,000 W·s in a kWh; rounded to the nearest millionth.
        return (long)((wattSecondMicros + 1_800_000) / 3_600_000);
    }

    /// <summary>
    /// The plan's energy charged at once: from the first slot at <paramref name="maxW"/> until the same energy is in.
    /// A plan never draws above the session's max, so this never needs more slots than the plan has.
    /// </summary>
    public static long[] AtOnce(IReadOnlyList<long> powerW, long maxW)
    {
        ArgumentNullException.ThrowIfNull(powerW);
        long left = powerW.Sum();
        var atOnce = new long[powerW.Count];
        long rate = Math.Max(maxW, powerW.Count == 0 ? 0 : powerW.Max());
        for (int t = 0; t < atOnce.Length && left > 0; t++)
        {
            atOnce[t] = Math.Min(rate, left);
            left -= atOnce[t];
        }
        return atOnce;
    }

    /// <summary>
    /// Energy (Wh) per slot from energy register readings in time order: a rise between two readings is spread
    /// evenly over the time between them, and cut at slot boundaries. A falling register (a reset) counts nothing.
    /// </summary>
    public static SortedDictionary<DateTimeOffset, double> EnergyPerSlot(IReadOnlyList<(DateTimeOffset At, double RegisterWh)> readings, int slotSeconds)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var perSlot = new SortedDictionary<DateTimeOffset, double>();
        for (int i = 1; i < readings.Count; i++)
        {
            var (from, a) = readings[i - 1];
            var (to, b) = readings[i];
            double rise = b - a;
            if (rise <= 0 || to <= from)
                continue;
            double span = (to - from).TotalSeconds;
            var at = from;
            while (at < to)
            {
                var slot = SlotStart(at, slotSeconds);
                var end = slot.AddSeconds(slotSeconds) < to ? slot.AddSeconds(slotSeconds) : to;
                perSlot[slot] = perSlot.GetValueOrDefault(slot) + rise * (end - at).TotalSeconds / span;
                at = end;
            }
        }
        return perSlot;
    }

    /// <summary>The start of the slot that contains <paramref name="at"/> (slots are aligned to the Unix epoch, in UTC).</summary>
    public static DateTimeOffset SlotStart(DateTimeOffset at, int slotSeconds)
    {
        long s = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(s - (((s % slotSeconds) + slotSeconds) % slotSeconds));
    }
}
