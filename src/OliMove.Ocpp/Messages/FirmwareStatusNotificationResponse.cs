namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 FirmwareStatusNotificationResponse; generated from the official schemas.</summary>
public sealed record FirmwareStatusNotificationResponse
{
}
