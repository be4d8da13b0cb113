namespace OliMove.Ocpp.Messages;

/// <summary>The 28 actions of OCPP 1.6J, by direction (OCPP 1.6 §4 and §5), and the 11 of the OCA's 1.6 security
/// extension (whitepaper "Improved security for OCPP 1.6-J", edition 2), kept apart: only the security actions this
/// central system handles are routed, and the upstream link forwards core actions only (docs/decisions/0252).</summary>
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

    /// <summary>Security extension, charge point to central system.</summary>
    public static readonly IReadOnlySet<string> SecurityFromChargePoint = new HashSet<string>(StringComparer.Ordinal)
    {
        "LogStatusNotification", "SecurityEventNotification", "SignCertificate", "SignedFirmwareStatusNotification",
    };

    /// <summary>Security extension, central system to charge point.</summary>
    public static readonly IReadOnlySet<string> SecurityFromCentralSystem = new HashSet<string>(StringComparer.Ordinal)
    {
        "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage", "GetInstalledCertificateIds", "GetLog",
        "InstallCertificate", "SignedUpdateFirmware",
    };

    /// <summary>What a central system may receive: the core actions and the security extension's.</summary>
    public static readonly IReadOnlySet<string> ReceivableByCentralSystem =
        new HashSet<string>(FromChargePoint.Concat(SecurityFromChargePoint), StringComparer.Ordinal);

    public static bool IsKnown(string action) =>
        FromChargePoint.Contains(action) || FromCentralSystem.Contains(action)
        || SecurityFromChargePoint.Contains(action) || SecurityFromCentralSystem.Contains(action);
}
