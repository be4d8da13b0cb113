namespace OliMove.Scheduling;

/// <summary>Snapshot JSON that cannot be read: the message names the JSON path and what was expected.</summary>
public sealed class SnapshotFormatException(string message, Exception? inner = null) : Exception(message, inner);
