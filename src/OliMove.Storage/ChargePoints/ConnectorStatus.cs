namespace OliMove.Storage;

/// <summary>The last StatusNotification received for a connector (or for connector 0, the whole charge point).</summary>
public sealed record ConnectorStatus(string Status, string ErrorCode, DateTimeOffset At);
