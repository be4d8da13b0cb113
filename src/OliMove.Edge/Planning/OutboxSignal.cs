namespace OliMove.Edge.Planning;

/// <summary>Lets whoever queues a chain write wake the outbox writer instead of waiting for its next poll.</summary>
public sealed class OutboxSignal
{
    public event Action? Woken;

    public void Wake() => Woken?.Invoke();
}
