namespace OliMove.Storage;

public sealed record ConnectorRecord(
    string ChargePointId,
    ConnectorDefinition Definition,
    ConnectorStatus? LastStatus,
    DateTimeOffset? RetiredAt)
{
    public int ConnectorId => Definition.ConnectorId;

    public bool IsRetired => RetiredAt is not null;
}
