namespace OliMove.Tools.Soak;

/// <summary>
/// Which slot boundaries each group was planned at, read from the archive as the run goes: every boundary
/// from the start of the window up to <see cref="CheckedUpTo"/> is expected once per group, and how long after
/// the boundary its plan was archived tells how far the slot loop ran behind the clock.
/// </summary>
public sealed class SlotLedger(IReadOnlyList<string> groupIds, DateTimeOffset windowStart)
{
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);

    private readonly Dictionary<(string GroupId, DateTimeOffset SlotStart), DateTimeOffset> _archived = [];

    public IReadOnlyList<string> GroupIds { get; } = groupIds;

    public DateTimeOffset WindowStart { get; } = windowStart;

    /// <summary>Boundaries before this instant have been read from the archive.</summary>
    public DateTimeOffset CheckedUpTo { get; private set; } = windowStart;

    public IEnumerable<DateTimeOffset> Boundaries
    {
        get
        {
            for (var b = WindowStart; b < CheckedUpTo; b += Slot)
            {
                yield return b;
            }
        }
    }

    public int BoundaryCount => (int)((CheckedUpTo - WindowStart).Ticks / Slot.Ticks);

    public int Expected => BoundaryCount * GroupIds.Count;

    public int Planned => _archived.Count;

    public IReadOnlyList<(string GroupId, DateTimeOffset SlotStart)> Missed =>
        [.. Boundaries.SelectMany(b => GroupIds.Where(g => !_archived.ContainsKey((g, b))).Select(g => (g, b)))];

    /// <summary>Per boundary: from the boundary to the last group's plan archived (the whole site planned).</summary>
    public IReadOnlyList<TimeSpan> SiteLags =>
        [.. Boundaries.Where(b => GroupIds.All(g => _archived.ContainsKey((g, b)))).Select(b => GroupIds.Max(g => _archived[(g, b)]) - b)];

    /// <summary>The range just read, [<see cref="CheckedUpTo"/>, <paramref name="upTo"/>), and its rows.</summary>
    public void Add(IEnumerable<(string GroupId, DateTimeOffset SlotStart, DateTimeOffset ArchivedAt)> rows, DateTimeOffset upTo)
    {
        foreach (var (groupId, slotStart, archivedAt) in rows)
        {
            _archived[(groupId, slotStart)] = archivedAt;
        }

        CheckedUpTo = upTo;
    }
}
