namespace OliMove.Edge.Prices;

/// <summary>A price, feed-in or CO₂ file (or HTTP answer) that is refused: the message names the source and the row
/// or JSON path, and nothing of it is used (the signals loaded before stay in force).</summary>
public sealed class PriceSignalFileException(string message) : Exception(message);
