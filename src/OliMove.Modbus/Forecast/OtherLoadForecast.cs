namespace OliMove.Modbus.Forecast;

/// <summary>
/// The other load of one circuit per 15-minute slot from <see cref="Start"/>: the median (what best-effort energy is
/// planned with) and the conservative envelope (what guarantees and admission are planned with; never below the
/// measured value now). A slot whose time of day has too little history has both at the static worst case.
/// </summary>
/// <param name="Start">The quarter hour containing the forecast time (slot 0).</param>
/// <param name="MedianW">Per slot, whole W.</param>
/// <param name="EnvelopeW">Per slot, whole W; ≥ <see cref="MedianW"/>.</param>
/// <param name="FromHistory">Per slot: true when history gave the values, false when the static worst case did.</param>
public sealed record OtherLoadForecast(DateTimeOffset Start, IReadOnlyList<long> MedianW, IReadOnlyList<long> EnvelopeW, IReadOnlyList<bool> FromHistory);
