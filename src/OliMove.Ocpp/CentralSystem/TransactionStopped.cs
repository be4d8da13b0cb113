using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>A StopTransaction was stored and answered (replays included).</summary>
public sealed record TransactionStopped(string ChargePointId, StopTransactionRequest Stop);
