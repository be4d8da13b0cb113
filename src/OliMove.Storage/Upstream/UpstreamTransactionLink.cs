namespace OliMove.Storage;

/// <summary>One edge transaction behind the upstream link: the id its charger knows it by and the backend's id
/// (null until the backend answered its StartTransaction).</summary>
public sealed record UpstreamTransactionLink(long TransactionId, string ChargePointId, int ChargerFacingId, int? BackendTransactionId);
