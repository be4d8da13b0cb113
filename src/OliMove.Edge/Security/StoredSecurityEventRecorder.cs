using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Security;

/// <summary>Keeps security events in SQLite (migration 0014): a charger's SecurityEventNotification is acknowledged
/// only once its row is committed (decision 0042); health lists the recent ones as alerts.</summary>
public sealed class StoredSecurityEventRecorder(SecurityEventRepository events) : ISecurityEventRecorder
{
    public Task RecordAsync(ChargePointSecurityEvent securityEvent, CancellationToken ct) =>
        events.AddAsync(new SecurityEventRecord(0, securityEvent.ChargePointId, securityEvent.Type, securityEvent.OccurredAt,
            securityEvent.TechInfo, securityEvent.ReceivedAt, securityEvent.Origin.ToString()), ct);
}
