namespace OliMove.Ocpp.CentralSystem;

/// <summary>Who saw a security event: the charger (SecurityEventNotification) or this central system (e.g. a
/// client certificate it refused).</summary>
public enum SecurityEventOrigin
{
    ChargePoint,
    CentralSystem,
}
