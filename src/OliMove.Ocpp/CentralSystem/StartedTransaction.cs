using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>The stored start of a transaction: the host's transaction id, the idTag verdict, and the id the
/// charger is told to use from now on when that differs from the host's (a local controller handing on its
/// central system's id; see <see cref="IChargerTransactionIds"/>).</summary>
public sealed record StartedTransaction(int TransactionId, IdTagInfo IdTagInfo, int? ChargerFacingId = null);
