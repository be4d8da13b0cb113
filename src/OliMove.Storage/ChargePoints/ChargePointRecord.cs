namespace OliMove.Storage;

/// <summary>A registered charge point: its site-map definition, and what it reported or we learned.</summary>
/// <param name="Status">The last StatusNotification for connector 0.</param>
/// <param name="Connectors">Ordered by connector id, retired connectors included.</param>
public sealed record ChargePointRecord(
    string Id,
    string GroupId,
    string CircuitId,
    string? EvseId,
    string? AuthorizationKeyHash,
    BootNotificationInfo? Boot,
    DateTimeOffset? LastSeenAt,
    ConnectorStatus? Status,
    SmartChargingCapabilities Capabilities,
    DateTimeOffset? RetiredAt,
    IReadOnlyList<ConnectorRecord> Connectors)
{
    public bool IsRetired => RetiredAt is not null;
}
