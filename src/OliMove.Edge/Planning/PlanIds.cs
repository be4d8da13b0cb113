namespace OliMove.Edge.Planning;

/// <summary>
/// The ids by which snapshots and plans name connectors and sessions. They are part of the canonical snapshot
/// and plan JSON, so their hashes and the archive depend on them: never change their form.
/// </summary>
public static class PlanIds
{
    /// <summary>A connector: "{chargePointId}/{connectorId}".</summary>
    public static string ConnectorKey(string chargePointId, int connectorId) => $"{chargePointId}/{connectorId}";

    /// <summary>The session of an OCPP transaction: "tx-{transactionId}".</summary>
    public static string SessionIdOf(long transactionId) => $"tx-{transactionId}";

    /// <summary>A session not yet plugged in (an accepted promise, or the one admission asks about): "new-{chargePointId}/{connectorId}".</summary>
    public static string SessionIdOfConnector(string chargePointId, int connectorId) => $"new-{chargePointId}/{connectorId}";
}
