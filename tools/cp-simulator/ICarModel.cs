namespace OliMove.Tools.CpSimulator;

/// <summary>The car plugged into a simulated connector. The simulator offers power; the car decides what it
/// draws (e.g. a battery model tapers near full) and learns what it got.</summary>
public interface ICarModel
{
    /// <summary>Power drawn in W when <paramref name="offeredW"/> is offered; never more than offered.</summary>
    double DrawW(double offeredW, DateTimeOffset now);

    /// <summary>Energy delivered since the previous call, in Wh.</summary>
    void Deliver(double energyWh, DateTimeOffset now);

    /// <summary>State of charge in percent when the car reports one (DC chargers), otherwise null.</summary>
    double? SoCPercent { get; }

    /// <summary>The lines its on-board charger uses: 3, or 1 for a 1-phase car (it draws on the connector's L1).</summary>
    int Phases => 3;
}
