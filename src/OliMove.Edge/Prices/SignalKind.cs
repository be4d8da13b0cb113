namespace OliMove.Edge.Prices;

/// <summary>Which signal a series file holds; it decides the value column's name and its plausible range.</summary>
public enum SignalKind
{
    /// <summary>Import price per kWh (column pricePerKWh), 0..10.</summary>
    ImportPrice,

    /// <summary>Feed-in price per kWh (column pricePerKWh), 0..10.</summary>
    FeedInPrice,

    /// <summary>Grid CO₂ intensity in g/kWh (column gramsPerKWh), 0..5000.</summary>
    Co2,
}
