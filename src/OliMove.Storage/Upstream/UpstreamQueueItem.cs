namespace OliMove.Storage;

/// <summary>A transaction message waiting for (or delivered to) the backend. <see cref="TransactionId"/> is the
/// edge's transaction id the message belongs to, null for a stop of a transaction the edge never knew.</summary>
public sealed record UpstreamQueueItem(
    long Id,
    string ChargePointId,
    string Action,
    string PayloadJson,
    long? TransactionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    int Attempts,
    string? LastError);
