namespace OliMove.Storage;

/// <summary>
/// How a session's promise (an opted-in, accepted request) turned out. <c>met</c>: the requested energy was
/// delivered by the departure (1 % meter tolerance); <c>missed</c>: it was not, and the car was still plugged in at
/// the departure; <c>ended_early</c>: the car left before the departure with less (the driver's choice, not a miss);
/// <c>pending</c>: still charging before its departure; <c>none</c>: no promise (no opt-in).
/// </summary>
public static class SessionPromise
{
    public const string None = "none";
    public const string Pending = "pending";
    public const string Met = "met";
    public const string Missed = "missed";
    public const string EndedEarly = "ended_early";

    public static readonly IReadOnlyList<string> All = [None, Pending, Met, Missed, EndedEarly];

    /// <summary>Delivered energy counts as the requested energy within this share (meters round; cars taper).</summary>
    public const double Tolerance = 0.01;
}
