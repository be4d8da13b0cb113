namespace OliMove.Storage;

/// <param name="TransactionId">Positive, assigned by the database, never reused.</param>
/// <param name="Created">False when the request was a replay and the existing transaction's id is returned.</param>
public sealed record TransactionStartResult(long TransactionId, bool Created);
