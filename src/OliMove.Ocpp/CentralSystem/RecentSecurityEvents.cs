namespace OliMove.Ocpp.CentralSystem;

/// <summary>The default <see cref="ISecurityEventRecorder"/> of a host that stores nothing: the latest
/// <see cref="Capacity"/> events in memory (each one is also logged as a warning where it is raised).</summary>
public sealed class RecentSecurityEvents : ISecurityEventRecorder
{
    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<ChargePointSecurityEvent> _events = new();

    public IReadOnlyList<ChargePointSecurityEvent> Snapshot()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }

    public Task RecordAsync(ChargePointSecurityEvent securityEvent, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_events.Count == Capacity)
            {
                _events.Dequeue();
            }
            _events.Enqueue(securityEvent);
        }
        return Task.CompletedTask;
    }
}
