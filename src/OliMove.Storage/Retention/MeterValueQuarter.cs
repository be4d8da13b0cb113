namespace OliMove.Storage;

/// <summary>
/// The meter values of one connector, transaction and 15-minute quarter after their raw retention (decision 0220).
/// </summary>
/// <param name="TransactionId">The transaction the samples belonged to, or null for samples outside one.</param>
/// <param name="QuarterStart">The quarter of the samples' own timestamps (the charge point's clock).</param>
/// <param name="EnergyFirstWh">The quarter's earliest Energy.Active.Import.Register reading (no phase), or null without one.</param>
/// <param name="EnergyLastWh">The quarter's latest such reading.</param>
/// <param name="PowerMeanW">Mean of the quarter's Power.Active.Import readings (no phase), or null without one.</param>
/// <param name="PowerSamples">How many power readings the mean and maximum cover.</param>
/// <param name="SampleCount">Every sampled value folded in (all measurands, phases and locations).</param>
public sealed record MeterValueQuarter(
    string ChargePointId,
    int ConnectorId,
    long? TransactionId,
    DateTimeOffset QuarterStart,
    double? EnergyFirstWh,
    DateTimeOffset? EnergyFirstAt,
    double? EnergyLastWh,
    DateTimeOffset? EnergyLastAt,
    double? PowerMeanW,
    double? PowerMaxW,
    int PowerSamples,
    long SampleCount);
