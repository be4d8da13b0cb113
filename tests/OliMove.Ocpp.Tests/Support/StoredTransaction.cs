using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Tests.Support;

public sealed record StoredTransaction(int TransactionId, string ChargePointId, StartTransactionRequest Start)
{
    public StopTransactionRequest? Stop { get; set; }
}
