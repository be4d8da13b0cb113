namespace OliMove.Edge.Prices;

/// <summary>What the signal sources held at their last good read (a refused read keeps the one before).</summary>
public sealed record LoadedSignals(TimeOfUseTariff? Tariff, SignalSeries? ImportPrices, SignalSeries? FeedInPrices, SignalSeries? Co2)
{
    public static LoadedSignals None { get; } = new(null, null, null, null);
}
