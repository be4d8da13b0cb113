using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.OcppAdapters;

/// <summary>Stores what charge points report about themselves before the reply goes out.</summary>
public sealed class StoredChargePointRecorder(ChargePointRepository chargePoints, TimeProvider time) : IChargePointRecorder
{
    public async Task<RegistrationStatus> RecordBootAsync(string chargePointId, BootNotificationRequest boot, CancellationToken ct)
    {
        // Every charge point reaching this point is in the site map (unknown ids get 404 at the upgrade).
        const RegistrationStatus status = RegistrationStatus.Accepted;
        var info = new BootNotificationInfo(
            boot.ChargePointVendor,
            boot.ChargePointModel,
            boot.ChargePointSerialNumber ?? boot.ChargeBoxSerialNumber,
            boot.FirmwareVersion,
            status.ToString(),
            time.GetUtcNow());
        await chargePoints.RecordBootAsync(chargePointId, info, ct);
        return status;
    }

    public async Task RecordStatusAsync(string chargePointId, StatusNotificationRequest status, CancellationToken ct)
    {
        var at = status.Timestamp ?? time.GetUtcNow();
        await chargePoints.RecordStatusAsync(chargePointId, status.ConnectorId, new ConnectorStatus(status.Status.ToString(), status.ErrorCode.ToString(), at), ct);
    }

    public async Task RecordCapabilitiesAsync(string chargePointId, ChargePointCapabilities capabilities, CancellationToken ct)
    {
        var units = capabilities.AllowedChargingRateUnits.Count == 0
            ? null
            : string.Join(',', capabilities.AllowedChargingRateUnits.Select(u => u == ChargingRateUnitType.A ? "Current" : "Power"));
        await chargePoints.RecordCapabilitiesAsync(
            chargePointId,
            new SmartChargingCapabilities(units, capabilities.ChargingScheduleMaxPeriods, capabilities.ChargeProfileMaxStackLevel, capabilities.MaxChargingProfilesInstalled),
            ct);
    }

    public Task RecordDiagnosticsStatusAsync(string chargePointId, DiagnosticsStatus status, CancellationToken ct) =>
        chargePoints.RecordSeenAsync(chargePointId, time.GetUtcNow(), ct);

    public Task RecordFirmwareStatusAsync(string chargePointId, FirmwareStatus status, CancellationToken ct) =>
        chargePoints.RecordSeenAsync(chargePointId, time.GetUtcNow(), ct);

    public Task<DataTransferResponse> DataTransferAsync(string chargePointId, DataTransferRequest request, CancellationToken ct) =>
        // We define no vendor extensions; OCPP 1.6 §4.3 says to answer UnknownVendorId then.
        Task.FromResult(new DataTransferResponse { Status = DataTransferStatus.UnknownVendorId, Data = null });
}
