namespace OliMove.Edge.Metering;

/// <summary>How the site's meters are polled and when a reading stops counting (decision 0238).</summary>
public sealed record MeteringOptions
{
    /// <summary>Time between two reads of one meter.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A reading older than this is stale: the circuit falls back to its static reservation.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Modbus request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A rise of a circuit's measured other load (any phase) by more than this since the last plan re-plans its group at once.</summary>
    public long ReplanStepW { get; init; } = 1_000;
}
