namespace OliMove.Storage;

/// <summary>A connector serves one request at a time; the open one must finish or be cancelled first.</summary>
public sealed class ConnectorHasOpenRequestException : Exception
{
    public ConnectorHasOpenRequestException(string chargePointId, int connectorId, long openRequestId)
        : base($"Connector {connectorId} of '{chargePointId}' already has open charging request {openRequestId}.")
    {
        ChargePointId = chargePointId;
        ConnectorId = connectorId;
        OpenRequestId = openRequestId;
    }

    public string ChargePointId { get; }

    public int ConnectorId { get; }

    public long OpenRequestId { get; }
}
