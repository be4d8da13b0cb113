namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 DiagnosticsStatusNotificationResponse; generated from the official schemas.</summary>
public sealed record DiagnosticsStatusNotificationResponse
{
}
