using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>A BootNotification was stored and answered.</summary>
public sealed record ChargePointBooted(string ChargePointId, BootNotificationRequest Boot, RegistrationStatus Status);
