namespace OliMove.Storage;

/// <summary>The values of a StartTransaction.req; the five together identify a replay of the same request.</summary>
public sealed record NewTransaction(
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    long MeterStartWh,
    DateTimeOffset StartedAt);
