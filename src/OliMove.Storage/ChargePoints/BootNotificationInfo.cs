namespace OliMove.Storage;

/// <summary>What a charge point said about itself in BootNotification.req, and what we answered.</summary>
public sealed record BootNotificationInfo(
    string Vendor,
    string Model,
    string? SerialNumber,
    string? FirmwareVersion,
    string BootStatus,
    DateTimeOffset At);
