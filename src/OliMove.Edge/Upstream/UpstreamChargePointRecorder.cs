using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Upstream;

/// <summary>
/// The central system's recorder with the upstream link in front: the edge records first and answers as it
/// does without a backend; the charger's boot, statuses and notifications go on to the backend without the
/// charger's reply waiting for them (the link sends the last boot and statuses again on each reconnect).
/// DataTransfer is the backend's to answer when it does so within ReplyBound.
/// </summary>
public sealed class UpstreamChargePointRecorder(IChargePointRecorder inner, UpstreamLinks links) : IChargePointRecorder
{
    public async Task<RegistrationStatus> RecordBootAsync(string chargePointId, BootNotificationRequest boot, CancellationToken ct)
    {
        var status = await inner.RecordBootAsync(chargePointId, boot, ct);
        if (links.Find(chargePointId) is { } link)
        {
            var payload = OcppJson.ToPayload(boot);
            link.RememberBoot(payload);
            link.Post(BootNotificationRequest.Action, payload);
        }
        return status;
    }

    public async Task RecordStatusAsync(string chargePointId, StatusNotificationRequest status, CancellationToken ct)
    {
        await inner.RecordStatusAsync(chargePointId, status, ct);
        if (links.Find(chargePointId) is { } link)
        {
            var payload = OcppJson.ToPayload(status);
            link.RememberStatus(status.ConnectorId, payload);
            link.Post(StatusNotificationRequest.Action, payload);
        }
    }

    public Task RecordCapabilitiesAsync(string chargePointId, ChargePointCapabilities capabilities, CancellationToken ct) =>
        inner.RecordCapabilitiesAsync(chargePointId, capabilities, ct);

    public async Task RecordDiagnosticsStatusAsync(string chargePointId, DiagnosticsStatus status, CancellationToken ct)
    {
        await inner.RecordDiagnosticsStatusAsync(chargePointId, status, ct);
        links.Find(chargePointId)?.Post(new DiagnosticsStatusNotificationRequest { Status = status });
    }

    public async Task RecordFirmwareStatusAsync(string chargePointId, FirmwareStatus status, CancellationToken ct)
    {
        await inner.RecordFirmwareStatusAsync(chargePointId, status, ct);
        links.Find(chargePointId)?.Post(new FirmwareStatusNotificationRequest { Status = status });
    }

    public async Task<DataTransferResponse> DataTransferAsync(string chargePointId, DataTransferRequest request, CancellationToken ct)
    {
        if (links.Find(chargePointId) is { } link
            && await link.SendLiveAsync(DataTransferRequest.Action, OcppJson.ToPayload(request), links.Settings.ReplyBound, ct) is JObject answer)
        {
            return OcppJson.FromPayload<DataTransferResponse>(answer);
        }
        return await inner.DataTransferAsync(chargePointId, request, ct);
    }
}
