using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>OCPP 1.6 §4.2: records the boot and its verdict, then, once the reply is out, configures an accepted
/// charger (never before: it must know it is accepted first).</summary>
public sealed class BootNotification(
    IChargePointRecorder recorder,
    ChargePointConnectionRegistry registry,
    OcppCentralSystemEvents events,
    ChargePointConfigurator configurator,
    OcppCentralSystemOptions options,
    TimeProvider time) : IChargePointCallHandler<BootNotificationRequest, BootNotificationResponse>
{
    public async ValueTask<BootNotificationResponse> HandleAsync(ChargePointSession session, OcppCallContext context, BootNotificationRequest boot, CancellationToken ct)
    {
        var status = await recorder.RecordBootAsync(session.ChargePointId, boot, ct);
        registry.SetBootStatus(session, status);
        context.OnReplySent(() =>
        {
            events.Raise(new ChargePointBooted(session.ChargePointId, boot, status));
            return status == RegistrationStatus.Accepted && options.ConfigureAfterBoot
                ? configurator.ConfigureAsync(session, boot, CancellationToken.None)
                : Task.CompletedTask;
        });
        var interval = status == RegistrationStatus.Accepted ? options.HeartbeatInterval : options.BootRetryInterval;
        return new BootNotificationResponse
        {
            Status = status,
            CurrentTime = time.GetUtcNow(),
            Interval = (int)interval.TotalSeconds,
        };
    }
}
