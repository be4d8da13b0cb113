using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.8: stores the start and answers with the id the charger is to use for it.</summary>
public sealed class StartTransaction(ITransactionStore transactions, OcppCentralSystemEvents events)
    : IChargePointCallHandler<StartTransactionRequest, StartTransactionResponse>
{
    public async ValueTask<StartTransactionResponse> HandleAsync(ChargePointSession session, OcppCallContext context, StartTransactionRequest start, CancellationToken ct)
    {
        var started = await transactions.StartTransactionAsync(session.ChargePointId, start, ct);
        context.OnReplySent(() => events.Raise(new TransactionStarted(session.ChargePointId, started.TransactionId, start)));
        // OCPP 1.6 §6.46: the reply always carries transactionId and idTagInfo.
        return new StartTransactionResponse { TransactionId = started.ChargerFacingId ?? started.TransactionId, IdTagInfo = started.IdTagInfo };
    }
}
