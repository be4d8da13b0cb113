namespace OliMove.Ocpp.CentralSystem;

/// <summary>A security event about one charge point. <paramref name="Type"/> is one of the whitepaper's event names
/// (e.g. "InvalidChargePointCertificate", "TamperDetectionActivated") or a vendor's; <paramref name="OccurredAt"/> is
/// the charger's timestamp for events it reports, <paramref name="ReceivedAt"/> our clock.</summary>
public sealed record ChargePointSecurityEvent(
    string ChargePointId,
    string Type,
    DateTimeOffset OccurredAt,
    string? TechInfo,
    DateTimeOffset ReceivedAt,
    SecurityEventOrigin Origin);
