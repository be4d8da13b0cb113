namespace OliMove.Ocpp.Client;

/// <summary>The central system could not be reached or refused the connection (the reason says which).</summary>
public sealed class OcppClientConnectException(string message, Exception? inner = null) : Exception(message, inner);
