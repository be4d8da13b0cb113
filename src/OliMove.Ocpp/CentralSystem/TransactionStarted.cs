using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>A StartTransaction was stored and its transaction id sent to the charger (replays included).</summary>
public sealed record TransactionStarted(string ChargePointId, int TransactionId, StartTransactionRequest Start);
