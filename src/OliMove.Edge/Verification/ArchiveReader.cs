using System.Globalization;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>Opens a slot archive (the service's SQLite file, or a copy of it) read-only for the verify and plan verbs.</summary>
public static class ArchiveReader
{
    /// <summary>Slot starts before this cannot exist: it bounds "every slot" when only a session is given.</summary>
    public static readonly DateTimeOffset Beginning = DateTimeOffset.UnixEpoch;

    public static readonly DateTimeOffset End = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Opens an existing file only, read-only (<see cref="ReadOnlyArchive"/>).</summary>
    public static Task<ReadOnlyArchive> OpenAsync(string path, CancellationToken ct) => ReadOnlyArchive.OpenAsync(path, ct);

    /// <summary>Every plan (all groups, all revisions) of the slots starting in [from, to); from is floored and to ceiled to quarter hours.</summary>
    public static Task<IReadOnlyList<SlotPlanRecord>> PlansAsync(ReadOnlyArchive archive, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        archive.PlansAsync(SlotClock.StartOf(from), SlotClock.CeilingOf(to), ct);

    /// <summary>An ISO 8601 instant; without an offset it is taken as UTC.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
