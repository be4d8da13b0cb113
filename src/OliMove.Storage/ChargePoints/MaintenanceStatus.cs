namespace OliMove.Storage;

/// <summary>The last firmware and diagnostics status a charge point reported; null where it never reported one.</summary>
public sealed record MaintenanceStatus(
    string ChargePointId,
    string? FirmwareStatus,
    DateTimeOffset? FirmwareStatusAt,
    string? DiagnosticsStatus,
    DateTimeOffset? DiagnosticsStatusAt);
