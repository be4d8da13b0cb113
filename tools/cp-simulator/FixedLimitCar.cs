namespace OliMove.Tools.CpSimulator;

/// <summary>A car that draws min(offered, its own limit), whatever its state of charge.</summary>
public sealed class FixedLimitCar(double maxPowerW) : ICarModel
{
    public double MaxPowerW { get; } = maxPowerW;

    public double DeliveredWh { get; private set; }

    public double? SoCPercent => null;

    public double DrawW(double offeredW, DateTimeOffset now) => Math.Max(0, Math.Min(offeredW, MaxPowerW));

    public void Deliver(double energyWh, DateTimeOffset now) => DeliveredWh += energyWh;
}
