namespace OliMove.Chain;

/// <summary>An item that can never be written as it is (bad payload, revert): it is marked Failed, others go on.</summary>
internal sealed class PermanentItemException(string message, Exception? inner = null) : Exception(message, inner);
