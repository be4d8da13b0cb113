namespace OliMove.Ocpp.Messages;

/// <summary>The 28 actions of OCPP 1.6J, by direction (OCPP 1.6 §4 and §5).</summary>
public static class OcppActions
{
    public static readonly IReadOnlySet<string> FromChargePoint = new HashSet<string>(StringComparer.Ordinal)
    {
        "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
        "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification", "StopTransaction",
    };

    public static readonly IReadOnlySet<string> FromCentralSystem = new HashSet<string>(StringComparer.Ordinal)
    {
        "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache", "ClearChargingProfile",
        "DataTransfer", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics", "GetLocalListVersion",
        "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile",
        "TriggerMessage", "UnlockConnector", "UpdateFirmware",
    };

    public static bool IsKnown(string action) => FromChargePoint.Contains(action) || FromCentralSystem.Contains(action);
}
