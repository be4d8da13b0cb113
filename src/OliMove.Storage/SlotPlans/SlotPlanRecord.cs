namespace OliMove.Storage;

/// <param name="Revision">1 for the slot's first plan of the group, +1 for each re-plan inside the slot.</param>
public sealed record SlotPlanRecord(
    long Id,
    string GroupId,
    DateTimeOffset SlotStart,
    int Revision,
    string AlgorithmVersion,
    string InputJson,
    string OutputJson,
    string InputSha256,
    string OutputSha256,
    DateTimeOffset CreatedAt);
