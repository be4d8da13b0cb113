namespace OliMove.Storage;

/// <summary>
/// One allocator run for a group and slot, in canonical form. The hashes are the lowercase hex SHA-256
/// of the UTF-8 bytes of <see cref="InputJson"/> and <see cref="OutputJson"/> exactly as given.
/// </summary>
public sealed record NewSlotPlan(
    string GroupId,
    DateTimeOffset SlotStart,
    string AlgorithmVersion,
    string InputJson,
    string OutputJson,
    string InputSha256,
    string OutputSha256);
