namespace OliMove.Ocpp.Messages;

/// <summary>Reply to SecurityEventNotification (empty).</summary>
public sealed record SecurityEventNotificationResponse
{
}
