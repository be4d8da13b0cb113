namespace OliMove.Ocpp.CentralSystem;

/// <summary>Port: the host keeps security events (a charger's SecurityEventNotification is acknowledged only after
/// this returns, decision 0042). The module's default keeps the latest ones in memory only.</summary>
public interface ISecurityEventRecorder
{
    Task RecordAsync(ChargePointSecurityEvent securityEvent, CancellationToken ct);
}
