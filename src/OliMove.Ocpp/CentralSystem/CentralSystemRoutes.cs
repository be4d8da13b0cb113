using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>The routing table of the central system: the ten actions a charge point sends (OCPP 1.6 §4), each
/// stored through a port before its reply, each raising its event once the reply is on the wire.</summary>
public sealed class CentralSystemRoutes(
    IChargePointRecorder recorder,
    ITransactionStore transactions,
    ChargePointConnectionRegistry registry,
    OcppCentralSystemEvents events,
    ChargePointConfigurator configurator,
    OcppCentralSystemOptions options,
    IChargerTransactionIds transactionIds,
    TimeProvider time)
{
    /// <summary>Builds the table for one session: handlers know which charger they serve.</summary>
    public OcppRouteTable For(ChargePointSession session) => new OcppRouteTable()
        .Map<BootNotificationRequest, BootNotificationResponse>("BootNotification", async (context, boot, ct) =>
        {
            var status = await recorder.RecordBootAsync(session.ChargePointId, boot, ct);
            registry.SetBootStatus(session, status);
            context.OnReplySent(() =>
            {
                events.Raise(new ChargePointBooted(session.ChargePointId, boot, status));
                return status == RegistrationStatus.Accepted && options.ConfigureAfterBoot
                    ? configurator.ConfigureAsync(session, CancellationToken.None)
                    : Task.CompletedTask;
            });
            var interval = status == RegistrationStatus.Accepted ? options.HeartbeatInterval : options.BootRetryInterval;
            return new BootNotificationResponse
            {
                Status = status,
                CurrentTime = time.GetUtcNow(),
                Interval = (int)interval.TotalSeconds,
            };
        })
        .Map<HeartbeatRequest, HeartbeatResponse>("Heartbeat", (context, _, _) =>
        {
            var now = time.GetUtcNow();
            context.OnReplySent(() =>
            {
                events.Raise(new ChargePointHeartbeat(session.ChargePointId, now));
                return Task.CompletedTask;
            });
            return ValueTask.FromResult(new HeartbeatResponse { CurrentTime = now });
        })
        .Map<StatusNotificationRequest, StatusNotificationResponse>("StatusNotification", async (context, status, ct) =>
        {
            await recorder.RecordStatusAsync(session.ChargePointId, status, ct);
            context.OnReplySent(() => Raise(new ConnectorStatusChanged(session.ChargePointId, status)));
            return new StatusNotificationResponse();
        })
        .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", async (_, authorize, ct) =>
            new AuthorizeResponse { IdTagInfo = await transactions.AuthorizeAsync(session.ChargePointId, authorize.IdTag, ct) })
        .Map<StartTransactionRequest, StartTransactionResponse>("StartTransaction", async (context, start, ct) =>
        {
            var started = await transactions.StartTransactionAsync(session.ChargePointId, start, ct);
            context.OnReplySent(() => Raise(new TransactionStarted(session.ChargePointId, started.TransactionId, start)));
            // OCPP 1.6 §6.46: the reply always carries transactionId and idTagInfo.
            return new StartTransactionResponse { TransactionId = started.ChargerFacingId ?? started.TransactionId, IdTagInfo = started.IdTagInfo };
        })
        .Map<StopTransactionRequest, StopTransactionResponse>("StopTransaction", async (context, charged, ct) =>
        {
            var stop = charged with { TransactionId = await transactionIds.ToHostAsync(session.ChargePointId, charged.TransactionId, ct) };
            var samples = MeterSampleNormaliser.Normalise(stop.TransactionData ?? []);
            var idTagInfo = await transactions.StopTransactionAsync(session.ChargePointId, stop, samples, ct);
            context.OnReplySent(() => Raise(new TransactionStopped(session.ChargePointId, stop)));
            return new StopTransactionResponse { IdTagInfo = idTagInfo };
        })
        .Map<MeterValuesRequest, MeterValuesResponse>("MeterValues", async (context, charged, ct) =>
        {
            var meter = charged.TransactionId is { } facing
                ? charged with { TransactionId = await transactionIds.ToHostAsync(session.ChargePointId, facing, ct) }
                : charged;
            var samples = MeterSampleNormaliser.Normalise(meter.MeterValue);
            await transactions.RecordMeterValuesAsync(session.ChargePointId, meter, samples, ct);
            context.OnReplySent(() => Raise(new MeterValuesReceived(session.ChargePointId, meter.ConnectorId, meter.TransactionId, samples)));
            return new MeterValuesResponse();
        })
        .Map<DataTransferRequest, DataTransferResponse>("DataTransfer", (_, request, ct) =>
            new ValueTask<DataTransferResponse>(recorder.DataTransferAsync(session.ChargePointId, request, ct)))
        .Map<DiagnosticsStatusNotificationRequest, DiagnosticsStatusNotificationResponse>("DiagnosticsStatusNotification", async (_, request, ct) =>
        {
            await recorder.RecordDiagnosticsStatusAsync(session.ChargePointId, request.Status, ct);
            return new DiagnosticsStatusNotificationResponse();
        })
        .Map<FirmwareStatusNotificationRequest, FirmwareStatusNotificationResponse>("FirmwareStatusNotification", async (_, request, ct) =>
        {
            await recorder.RecordFirmwareStatusAsync(session.ChargePointId, request.Status, ct);
            return new FirmwareStatusNotificationResponse();
        });

    private Task Raise(ConnectorStatusChanged e)
    {
        events.Raise(e);
        return Task.CompletedTask;
    }

    private Task Raise(TransactionStarted e)
    {
        events.Raise(e);
        return Task.CompletedTask;
    }

    private Task Raise(TransactionStopped e)
    {
        events.Raise(e);
        return Task.CompletedTask;
    }

    private Task Raise(MeterValuesReceived e)
    {
        events.Raise(e);
        return Task.CompletedTask;
    }
}
