namespace OliMove.Edge.Upstream;

/// <summary>The upstream key file is missing, too open, or malformed. The message never holds a key.</summary>
public sealed class UpstreamKeyFileException(string message) : Exception(message);
