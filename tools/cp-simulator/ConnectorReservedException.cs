namespace OliMove.Tools.CpSimulator;

/// <summary>A car with another idTag was plugged in at a connector reserved for someone else: the charger refused it.</summary>
public sealed class ConnectorReservedException(int connectorId, string idTag)
    : InvalidOperationException($"connector {connectorId} is reserved for another idTag; '{idTag}' is refused");
