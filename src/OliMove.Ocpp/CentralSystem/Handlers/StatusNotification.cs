using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.9: stores the connector's status before the reply.</summary>
public sealed class StatusNotification(IChargePointRecorder recorder, OcppCentralSystemEvents events)
    : IChargePointCallHandler<StatusNotificationRequest, StatusNotificationResponse>
{
    public async ValueTask<StatusNotificationResponse> HandleAsync(ChargePointSession session, OcppCallContext context, StatusNotificationRequest status, CancellationToken ct)
    {
        await recorder.RecordStatusAsync(session.ChargePointId, status, ct);
        context.OnReplySent(() => events.Raise(new ConnectorStatusChanged(session.ChargePointId, status)));
        return new StatusNotificationResponse();
    }
}
