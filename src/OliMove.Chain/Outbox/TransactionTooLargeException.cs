namespace OliMove.Chain;

/// <summary>
/// The node refused to estimate a batch's transaction because it needs more gas than a block holds: the writer
/// halves the batch and tries again; a single item that does not fit is parked as Failed.
/// </summary>
internal sealed class TransactionTooLargeException(string message, Exception? inner = null) : Exception(message, inner);
