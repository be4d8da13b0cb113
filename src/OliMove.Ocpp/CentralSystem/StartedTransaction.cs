using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>The stored start of a transaction: the id the charger must use from now on, and the idTag verdict.</summary>
public sealed record StartedTransaction(int TransactionId, IdTagInfo IdTagInfo);
