namespace OliMove.Tools.CpSimulator;

/// <summary>A 1-phase car: on any connector it draws on the connector's L1 alone, at most its own current.</summary>
public sealed class OnePhaseCar(double maxCurrentA, double voltagePerPhase = 230) : ICarModel
{
    public double DeliveredWh { get; private set; }

    public double? SoCPercent => null;

    public int Phases => 1;

    /// <summary><paramref name="offeredW"/> is what the charger's per-line limit allows on the one line it uses.</summary>
    public double DrawW(double offeredW, DateTimeOffset now) => Math.Max(0, Math.Min(offeredW, maxCurrentA * voltagePerPhase));

    public void Deliver(double energyWh, DateTimeOffset now) => DeliveredWh += energyWh;
}
