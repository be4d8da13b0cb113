using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.OcppAdapters;

/// <summary>
/// Stores what charge points report about themselves before the reply goes out. Boots and status notifications are
/// group-committed with the other chargers' frames (decision 0225): a thousand chargers booting after a power cut
/// share a few transactions instead of paying an fsync each.
/// </summary>
public sealed class StoredChargePointRecorder(EdgeDatabase database, ChargePointRepository chargePoints, MaintenanceStatusRepository maintenance, TimeProvider time) : IChargePointRecorder
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
        await database.WriteGroupedAsync(scope => chargePoints.RecordBootAsync(scope, chargePointId, info, ct), ct);
        return status;
    }

    public async Task RecordStatusAsync(string chargePointId, StatusNotificationRequest status, CancellationToken ct)
    {
        var at = status.Timestamp ?? time.GetUtcNow();
        var recorded = new ConnectorStatus(status.Status.ToString(), status.ErrorCode.ToString(), at);
        await database.WriteGroupedAsync(scope => chargePoints.RecordStatusAsync(scope, chargePointId, status.ConnectorId, recorded, ct), ct);
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

    public Task RecordDiagnosticsStatusAsync(string chargePointId, DiagnosticsStatus status, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return database.WriteGroupedAsync(async scope =>
        {
            await chargePoints.RecordSeenAsync(scope, chargePointId, now, ct);
            await maintenance.RecordDiagnosticsStatusAsync(scope, chargePointId, status.ToString(), now, ct);
        }, ct);
    }

    public Task RecordFirmwareStatusAsync(string chargePointId, FirmwareStatus status, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return database.WriteGroupedAsync(async scope =>
        {
            await chargePoints.RecordSeenAsync(scope, chargePointId, now, ct);
            await maintenance.RecordFirmwareStatusAsync(scope, chargePointId, status.ToString(), now, ct);
        }, ct);
    }

    public Task<DataTransferResponse> DataTransferAsync(string chargePointId, DataTransferRequest request, CancellationToken ct) =>
        // We define no vendor extensions; OCPP 1.6 §4.3 says to answer UnknownVendorId then.
        Task.FromResult(new DataTransferResponse { Status = DataTransferStatus.UnknownVendorId, Data = null });
}
