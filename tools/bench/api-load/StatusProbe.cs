namespace OliMove.Bench.ApiLoad;

/// <summary>A StatusNotification the fleet sent to find out when every subscriber has seen it.</summary>
public sealed record StatusProbe(int Id, string ChargePointId, string Status, DateTimeOffset SentAt);
