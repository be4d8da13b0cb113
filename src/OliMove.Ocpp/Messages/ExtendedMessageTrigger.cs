namespace OliMove.Ocpp.Messages;

/// <summary>Security extension MessageTriggerEnumType (ExtendedTriggerMessage.req).</summary>
public enum ExtendedMessageTrigger
{
    BootNotification,
    LogStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    SignChargePointCertificate,
    StatusNotification,
}
