namespace OliMove.Storage;

public sealed record TransactionRecord(
    long Id,
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    long MeterStartWh,
    DateTimeOffset StartedAt,
    long? MeterStopWh,
    DateTimeOffset? StoppedAt,
    string? StopReason)
{
    public bool IsActive => StoppedAt is null;
}
