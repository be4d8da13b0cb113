using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>Port: the host records what charge points report about themselves. Each method returns once the
/// record is durable; the OCPP reply is sent after that.</summary>
public interface IChargePointRecorder
{
    /// <summary>Stores the boot report and decides the registration status (Accepted, Pending or Rejected).</summary>
    Task<RegistrationStatus> RecordBootAsync(string chargePointId, BootNotificationRequest boot, CancellationToken ct);

    Task RecordStatusAsync(string chargePointId, StatusNotificationRequest status, CancellationToken ct);

    /// <summary>What the charger supports, read after boot (smart-charging limits, meter sampling accepted).</summary>
    Task RecordCapabilitiesAsync(string chargePointId, ChargePointCapabilities capabilities, CancellationToken ct);

    Task RecordDiagnosticsStatusAsync(string chargePointId, DiagnosticsStatus status, CancellationToken ct);

    Task RecordFirmwareStatusAsync(string chargePointId, FirmwareStatus status, CancellationToken ct);

    /// <summary>Vendor-specific data; answer UnknownVendorId when there is no use for it.</summary>
    Task<DataTransferResponse> DataTransferAsync(string chargePointId, DataTransferRequest request, CancellationToken ct);
}
