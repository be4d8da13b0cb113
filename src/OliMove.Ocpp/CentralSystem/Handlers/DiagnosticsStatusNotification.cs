using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.4: records how a diagnostics upload goes.</summary>
public sealed class DiagnosticsStatusNotification(IChargePointRecorder recorder)
    : IChargePointCallHandler<DiagnosticsStatusNotificationRequest, DiagnosticsStatusNotificationResponse>
{
    public async ValueTask<DiagnosticsStatusNotificationResponse> HandleAsync(ChargePointSession session, OcppCallContext context,
        DiagnosticsStatusNotificationRequest request, CancellationToken ct)
    {
        await recorder.RecordDiagnosticsStatusAsync(session.ChargePointId, request.Status, ct);
        return new DiagnosticsStatusNotificationResponse();
    }
}
