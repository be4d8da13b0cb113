namespace OliMove.Edge.Planning;

/// <summary>
/// The site's planning slots: 15 minutes aligned to the quarter hour (UTC), the unit the allocator plans in and
/// the chain counts (ChainIds.SlotId). Pure arithmetic on instants: callers pass the time they read from their
/// injected <see cref="TimeProvider"/>, so nothing here reads a clock.
/// </summary>
public static class SlotClock
{
    public const int SlotSeconds = 900;

    public static readonly TimeSpan SlotLength = TimeSpan.FromSeconds(SlotSeconds);

    /// <summary>The start of the slot that contains <paramref name="at"/> (a slot start is its own start).</summary>
    public static DateTimeOffset StartOf(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % SlotLength.Ticks), TimeSpan.Zero);

    /// <summary>The end of the slot that contains <paramref name="at"/>, which is the next slot's start.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset at) => StartOf(at) + SlotLength;

    /// <summary>True when <paramref name="at"/> is a slot boundary.</summary>
    public static bool IsSlotStart(DateTimeOffset at) => StartOf(at) == at;

    /// <summary>The first slot boundary at or after <paramref name="at"/>.</summary>
    public static DateTimeOffset CeilingOf(DateTimeOffset at) => IsSlotStart(at) ? at : EndOf(at);

    /// <summary><paramref name="slots"/> slot lengths after <paramref name="at"/>, e.g. where a horizon that starts there ends.</summary>
    public static DateTimeOffset SlotsAfter(DateTimeOffset at, int slots) => at.AddSeconds((double)slots * SlotSeconds);

    /// <summary>
    /// Where an event re-plan starts: the event's whole second (plans are archived at second resolution), not
    /// the slot's start, so the plan never counts the part of the slot that has already passed.
    /// </summary>
    public static DateTimeOffset EventPlanStart(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
