using OliMove.Tools.CpSimulator;

namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// An EV as the charger sees it: a battery of <see cref="CapacityWh"/> that takes at most
/// <see cref="MaxPowerW"/> (its on-board charger's AC limit, or its DC limit on a DC charger) up to
/// <see cref="TaperStartPercent"/> SoC, then linearly less towards full, as lithium cells do in their
/// constant-voltage phase. The taper is floored at 2 % of the maximum so the last percent still fills in a
/// bounded time. Only a DC charger learns the SoC (an AC charger cannot read it over IEC 61851).
/// </summary>
public sealed class BatteryCar : ICarModel
{
    private const double TaperFloor = 0.02;
    private readonly object _lock = new();
    private double _energyWh;

    public BatteryCar(double capacityWh, double initialSoCPercent, double maxPowerW, bool reportsSoC, double taperStartPercent = 80)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityWh);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPowerW);
        if (initialSoCPercent is < 0 or > 100 || double.IsNaN(initialSoCPercent))
        {
            throw new ArgumentOutOfRangeException(nameof(initialSoCPercent), initialSoCPercent, "SoC must be in [0, 100]");
        }

        if (taperStartPercent is <= 0 or >= 100 || double.IsNaN(taperStartPercent))
        {
            throw new ArgumentOutOfRangeException(nameof(taperStartPercent), taperStartPercent, "taper start must be in (0, 100)");
        }

        CapacityWh = capacityWh;
        InitialSoCPercent = initialSoCPercent;
        MaxPowerW = maxPowerW;
        ReportsSoC = reportsSoC;
        TaperStartPercent = taperStartPercent;
        _energyWh = capacityWh * initialSoCPercent / 100;
    }

    public double CapacityWh { get; }

    public double InitialSoCPercent { get; }

    public double MaxPowerW { get; }

    public bool ReportsSoC { get; }

    public double TaperStartPercent { get; }

    /// <summary>Energy taken since plug-in, in Wh.</summary>
    public double DeliveredWh { get; private set; }

    /// <summary>The true state of charge, whether or not the charger can read it.</summary>
    public double ActualSoCPercent
    {
        get
        {
            lock (_lock)
            {
                return 100 * _energyWh / CapacityWh;
            }
        }
    }

    public bool IsFull => ActualSoCPercent >= 99.999;

    public double? SoCPercent => ReportsSoC ? Math.Round(ActualSoCPercent, 1) : null;

    /// <summary>What the battery would take now if offered without limit, in W.</summary>
    public double AcceptablePowerW
    {
        get
        {
            var soc = ActualSoCPercent;
            if (soc >= 99.999)
            {
                return 0;
            }

            if (soc <= TaperStartPercent)
            {
                return MaxPowerW;
            }

            var fraction = (100 - soc) / (100 - TaperStartPercent);
            return MaxPowerW * Math.Max(TaperFloor, fraction);
        }
    }

    public double DrawW(double offeredW, DateTimeOffset now) => Math.Max(0, Math.Min(offeredW, AcceptablePowerW));

    public void Deliver(double energyWh, DateTimeOffset now)
    {
        if (energyWh <= 0)
        {
            return;
        }

        lock (_lock)
        {
            // The draw was decided at the start of the interval; a battery cannot hold more than full.
            var taken = Math.Min(energyWh, CapacityWh - _energyWh);
            _energyWh += taken;
            DeliveredWh += taken;
        }
    }
}
