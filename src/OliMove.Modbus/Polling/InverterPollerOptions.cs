namespace OliMove.Modbus.Polling;

public sealed record InverterPollerOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per request; shorter than <see cref="Interval"/> so a hung inverter does not delay the next round.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A requested limit below this is raised to it: 0 % sends some inverters to standby (SunSpec field practice).</summary>
    public double MinimumLimitPercent { get; init; } = 5;

    /// <summary>WMaxLimPct_RvrtTms written with each limit: if this service dies, the inverter returns to full power.</summary>
    public TimeSpan LimitRevertTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (Interval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), "Interval and request timeout must be positive.");
        }

        if (!(MinimumLimitPercent > 0 && MinimumLimitPercent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumLimitPercent), MinimumLimitPercent, "Must be > 0 and <= 100 (never 0 %).");
        }

        // The limit is rewritten at half the revert timeout; at least two polls must fit in that half.
        if (LimitRevertTimeout < 4 * Interval)
        {
            throw new ArgumentOutOfRangeException(nameof(LimitRevertTimeout), LimitRevertTimeout, "Must be at least 4 poll intervals.");
        }
    }
}
