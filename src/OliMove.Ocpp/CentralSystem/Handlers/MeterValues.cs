using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.7: normalises the samples (units, phases) and stores them under the host's transaction id
/// before the reply; the slot loop hears of them once the reply is out.</summary>
public sealed class MeterValues(ITransactionStore transactions, IChargerTransactionIds transactionIds, OcppCentralSystemEvents events)
    : IChargePointCallHandler<MeterValuesRequest, MeterValuesResponse>
{
    public async ValueTask<MeterValuesResponse> HandleAsync(ChargePointSession session, OcppCallContext context, MeterValuesRequest charged, CancellationToken ct)
    {
        var meter = charged.TransactionId is { } facing
            ? charged with { TransactionId = await transactionIds.ToHostAsync(session.ChargePointId, facing, ct) }
            : charged;
        var samples = MeterSampleNormaliser.Normalise(meter.MeterValue);
        await transactions.RecordMeterValuesAsync(session.ChargePointId, meter, samples, ct);
        context.OnReplySent(() => events.Raise(new MeterValuesReceived(session.ChargePointId, meter.ConnectorId, meter.TransactionId, samples)));
        return new MeterValuesResponse();
    }
}
