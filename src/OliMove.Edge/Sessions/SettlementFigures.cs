using System.Numerics;
using OliMove.Chain;
using OliMove.Scheduling;

namespace OliMove.Edge.Sessions;

/// <summary>
/// A settlement's figures in the contract's units: energy Wh, flexibility whole Wh·h (rounded down, with the
/// contract's laxity cap), tokens in base units (Wh·h × base units per Wh·h) and the bill in milli-cents (Wh ×
/// ct/kWh). The one computation of a settlement: <see cref="SessionSettler"/> bills with it and <c>verify</c>
/// recomputes the chain's Settled events with it, so the two cannot drift apart. Pure: no I/O, no clock.
/// </summary>
public sealed record SettlementFigures(long EnergyWh, long FlexibilityWhH, BigInteger TokensBaseUnits, long BillMilliCents)
{
    /// <summary>The receipt's bill in minor units (cents): milli-cents rounded half up.</summary>
    public long BillMinorUnits => (long)Math.Round(BillMilliCents / 1000m, MidpointRounding.AwayFromZero);

    /// <summary>Flexibility in kWh·h, as the receipt shows it.</summary>
    public decimal FlexibilityKWhH => FlexibilityWhH / 1000m;

    public static SettlementFigures Compute(FinishedSessionFacts facts, SettlementRates rates)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rates);
        var energyWh = Math.Max(0, facts.MeterStopWh - facts.MeterStartWh);
        var finished = new FinishedSession(
            facts.StartedAt, facts.OptedIn ? facts.DeclaredDeparture : null, facts.StoppedAt, energyWh, Math.Max(1, facts.MaxPowerW), facts.OptedIn);
        var cap = rates.LaxityCapMinutes / 60m;
        var flexibilityWhH = facts.OptedIn ? (long)Math.Floor(FlexibilityCalculator.FlexibilityKWhH(finished, cap) * 1000m) : 0;
        return new SettlementFigures(energyWh, flexibilityWhH, rates.TokensFor(flexibilityWhH), rates.BillMilliCents(energyWh));
    }
}
