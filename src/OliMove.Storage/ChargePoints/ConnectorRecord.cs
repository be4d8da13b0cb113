namespace OliMove.Storage;

/// <summary>
/// A registered connector: what storage alone knows about it. Its definition is the site map's
/// (<see cref="OliMove.SiteMap.Model.ConnectorDefinition"/>, read from the topology); the copy written at each
/// sync stays in the file so that a retired connector's last definition can still be read there.
/// </summary>
public sealed record ConnectorRecord(
    string ChargePointId,
    int ConnectorId,
    ConnectorStatus? LastStatus,
    DateTimeOffset? RetiredAt)
{
    public bool IsRetired => RetiredAt is not null;
}
