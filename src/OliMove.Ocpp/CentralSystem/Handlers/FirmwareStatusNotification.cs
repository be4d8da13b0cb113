using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.5: records how a firmware update goes.</summary>
public sealed class FirmwareStatusNotification(IChargePointRecorder recorder)
    : IChargePointCallHandler<FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse>
{
    public async ValueTask<FirmwareStatusNotificationResponse> HandleAsync(ChargePointSession session, OcppCallContext context,
        FirmwareStatusNotificationRequest request, CancellationToken ct)
    {
        await recorder.RecordFirmwareStatusAsync(session.ChargePointId, request.Status, ct);
        return new FirmwareStatusNotificationResponse();
    }
}
