namespace OliMove.Storage;

/// <summary>
/// Which sessions to list and in which order. Every filter is optional; <paramref name="ChargePointIds"/> restricts
/// to a set (a group's charge points), <paramref name="ChargePointId"/> to one. <paramref name="User"/> matches the
/// login or display name of the idTag's user (case-insensitive substring), <paramref name="IdTag"/> the tag exactly
/// (case-insensitive, as OCPP idTags are). <paramref name="Promise"/> is one of <see cref="SessionPromise"/>'s names.
/// </summary>
public sealed record SessionHistoryQuery(
    DateTimeOffset? StartedFrom = null,
    DateTimeOffset? StartedTo = null,
    string? ChargePointId = null,
    IReadOnlyList<string>? ChargePointIds = null,
    string? IdTag = null,
    string? User = null,
    bool? OptIn = null,
    string? Promise = null,
    SessionHistorySort Sort = SessionHistorySort.Started,
    bool Descending = true);
