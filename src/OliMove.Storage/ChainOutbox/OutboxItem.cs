namespace OliMove.Storage;

public sealed record OutboxItem(
    long Id,
    string Kind,
    string Key,
    string PayloadJson,
    DateTimeOffset CreatedAt,
    OutboxItemState State,
    int Attempts,
    string? LastError,
    string? TxHash);
