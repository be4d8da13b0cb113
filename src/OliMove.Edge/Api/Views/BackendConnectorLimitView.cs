namespace OliMove.Edge.Api.Views;

/// <summary>A connector's backend limit now in W (TxProfile, else TxDefaultProfile); null where none applies.</summary>
public sealed record BackendConnectorLimitView(int ConnectorId, long? LimitW);
