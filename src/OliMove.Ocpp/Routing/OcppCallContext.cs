using OliMove.Ocpp.Framing;

namespace OliMove.Ocpp.Routing;

/// <summary>One incoming CALL as a handler sees it: who sent it, and a way to act only once the reply is on the
/// wire (e.g. configure a charger after its BootNotification was accepted, never before).</summary>
public sealed class OcppCallContext(string peerId, OcppCall call)
{
    private List<Func<Task>>? _afterReply;

    public string PeerId { get; } = peerId;

    public OcppCall Call { get; } = call;

    public void OnReplySent(Func<Task> action) => (_afterReply ??= []).Add(action);

    public void OnReplySent(Action action) => OnReplySent(() =>
    {
        action();
        return Task.CompletedTask;
    });

    internal IReadOnlyList<Func<Task>> AfterReply => _afterReply ?? (IReadOnlyList<Func<Task>>)[];
}
