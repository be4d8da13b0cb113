namespace OliMove.Storage;

/// <summary>
/// Whether the database takes writes. It stops being writable at the first unit of work that fails with a
/// <see cref="StorageFault"/>, and is writable again once a unit of work commits with enough room left
/// (<see cref="EdgeDatabase.RecoveryHeadroomBytes"/>): on a full disk small writes may still fit in a page
/// that has room, so one lucky commit alone does not mean the space problem is gone.
/// </summary>
/// <param name="Writable">False from the first storage fault until the recovery described above.</param>
/// <param name="FailingSince">When the current episode of refused writes began; null while writable.</param>
/// <param name="RefusedWrites">Units of work refused by a storage fault in the current (or last) episode.</param>
/// <param name="LastFault">The most recent storage fault, kept after recovery for the record.</param>
/// <param name="LastFaultAt">When <paramref name="LastFault"/> happened.</param>
/// <param name="LastCommitAt">The last unit of work that committed.</param>
public sealed record StorageHealth(
    bool Writable,
    DateTimeOffset? FailingSince,
    long RefusedWrites,
    StorageFault? LastFault,
    DateTimeOffset? LastFaultAt,
    DateTimeOffset? LastCommitAt)
{
    public static readonly StorageHealth Initial = new(true, null, 0, null, null, null);
}
