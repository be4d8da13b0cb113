namespace OliMove.Edge.Metering;

/// <summary>
/// A metered circuit's other load as the last plan used it: measured now and, per slot from
/// <paramref name="SlotStart"/>, the median and the envelope the forecast gave (slots before
/// <paramref name="FirstForecastSlot"/> planned with the measured value).
/// </summary>
/// <param name="SlotsFromHistory">How many slots the history gave (the others: the static worst case).</param>
public sealed record OtherLoadOutlook(
    string CircuitId,
    DateTimeOffset At,
    long MeasuredW,
    DateTimeOffset SlotStart,
    int FirstForecastSlot,
    IReadOnlyList<long> MedianW,
    IReadOnlyList<long> EnvelopeW,
    int SlotsFromHistory);
