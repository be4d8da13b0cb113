namespace OliMove.Modbus.Forecast;

public sealed record PvForecasterOptions
{
    /// <summary>Days of history the clear-sky envelope (per time of day, the highest slot mean) is taken from.</summary>
    public int EnvelopeDays { get; init; } = 14;

    /// <summary>Days averaged for the recent-profile component.</summary>
    public int ProfileDays { get; init; } = 3;

    /// <summary>Days of past origins the blend weights are fitted on (in-sample, within <see cref="EnvelopeDays"/>).</summary>
    public int FitDays { get; init; } = 7;

    /// <summary>Slots (15 min) of the latest production compared with the envelope to estimate how clear it is now.</summary>
    public int ClearnessSlots { get; init; } = 4;

    public void Validate()
    {
        if (EnvelopeDays < 2 || ProfileDays < 1 || ProfileDays > EnvelopeDays || FitDays < 1 || FitDays >= EnvelopeDays || ClearnessSlots < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(EnvelopeDays),
                "Need EnvelopeDays >= 2, 1 <= ProfileDays <= EnvelopeDays, 1 <= FitDays < EnvelopeDays, ClearnessSlots >= 1.");
        }
    }
}
