namespace OliMove.Bench.Retention;

/// <summary>The bench's clock: it stands where the simulation puts it (the retention reads "now" from it).</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
