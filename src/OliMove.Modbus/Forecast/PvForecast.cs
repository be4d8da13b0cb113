namespace OliMove.Modbus.Forecast;

/// <summary>
/// Expected PV power per 15-minute slot from <see cref="Start"/> (the quarter hour containing the forecast time).
/// Surplus for the allocator only, never a guarantee.
/// </summary>
/// <param name="PowerW">One mean power per slot, 96 slots = 24 h.</param>
/// <param name="BlendWeights">Fitted weight of clearness persistence per horizon hour (the rest is the recent profile).</param>
public sealed record PvForecast(DateTimeOffset Start, TimeSpan SlotLength, IReadOnlyList<double> PowerW, IReadOnlyList<double> BlendWeights);
