namespace OliMove.Edge.Configuration;

/// <summary>A configuration an operator must fix; the message says what and where.</summary>
public sealed class EdgeConfigurationException(string message) : Exception(message);
