using Microsoft.Extensions.Logging;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>Security extension: a charger reports a security event. It is stored before the (empty) reply and
/// logged as a warning, since every such event is worth an operator's look.</summary>
public sealed class SecurityEventNotification(ISecurityEventRecorder recorder, TimeProvider time, ILogger<SecurityEventNotification> logger)
    : IChargePointCallHandler<SecurityEventNotificationRequest, SecurityEventNotificationResponse>
{
    public async ValueTask<SecurityEventNotificationResponse> HandleAsync(ChargePointSession session, OcppCallContext context,
        SecurityEventNotificationRequest request, CancellationToken ct)
    {
        await recorder.RecordAsync(new ChargePointSecurityEvent(session.ChargePointId, request.Type, request.Timestamp, request.TechInfo,
            time.GetUtcNow(), SecurityEventOrigin.ChargePoint), ct);
        logger.LogWarning("Security event {SecurityEventType} reported by {ChargePointId} at {OccurredAt:o}: {TechInfo}",
            request.Type, session.ChargePointId, request.Timestamp, request.TechInfo ?? "");
        return new SecurityEventNotificationResponse();
    }
}
