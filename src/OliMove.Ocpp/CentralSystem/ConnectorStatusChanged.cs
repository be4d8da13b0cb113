using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>A StatusNotification was stored and answered.</summary>
public sealed record ConnectorStatusChanged(string ChargePointId, StatusNotificationRequest Status);
