using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.10: stores the stop, with the meter values it carries, under the host's transaction id.</summary>
public sealed class StopTransaction(ITransactionStore transactions, IChargerTransactionIds transactionIds, OcppCentralSystemEvents events)
    : IChargePointCallHandler<StopTransactionRequest, StopTransactionResponse>
{
    public async ValueTask<StopTransactionResponse> HandleAsync(ChargePointSession session, OcppCallContext context, StopTransactionRequest charged, CancellationToken ct)
    {
        var stop = charged with { TransactionId = await transactionIds.ToHostAsync(session.ChargePointId, charged.TransactionId, ct) };
        var samples = MeterSampleNormaliser.Normalise(stop.TransactionData ?? []);
        var idTagInfo = await transactions.StopTransactionAsync(session.ChargePointId, stop, samples, ct);
        context.OnReplySent(() => events.Raise(new TransactionStopped(session.ChargePointId, stop)));
        return new StopTransactionResponse { IdTagInfo = idTagInfo };
    }
}
