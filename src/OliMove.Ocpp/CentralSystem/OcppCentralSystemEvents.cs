using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// What the host's slot loop listens to. Events are raised after the data is stored and the reply is on the
/// wire (so that, e.g., a TxProfile sent on <see cref="TransactionStarted"/> names a transaction the charger
/// already knows). Handlers run on the connection's task: keep them short or hand work off; an exception in a
/// handler is logged and does not affect the connection.
/// </summary>
public sealed class OcppCentralSystemEvents(ILogger<OcppCentralSystemEvents> logger)
{
    private readonly Lock _subscribe = new();

    // Keyed by event type, so that one generic Raise serves every event; replaced whole on (un)subscribe so that
    // raising reads it without a lock. Each value is the handlers' invocation list, taken once on (un)subscribe
    // rather than on every raise (MeterValues raise thousands of times a second).
    private ImmutableDictionary<Type, Delegate[]> _handlers = ImmutableDictionary<Type, Delegate[]>.Empty;

    public event Action<ChargePointConnected>? Connected { add => Add(value); remove => Remove(value); }

    public event Action<ChargePointDisconnected>? Disconnected { add => Add(value); remove => Remove(value); }

    public event Action<ChargePointBooted>? Booted { add => Add(value); remove => Remove(value); }

    public event Action<ChargePointHeartbeat>? Heartbeat { add => Add(value); remove => Remove(value); }

    public event Action<ConnectorStatusChanged>? StatusChanged { add => Add(value); remove => Remove(value); }

    public event Action<TransactionStarted>? TransactionStarted { add => Add(value); remove => Remove(value); }

    public event Action<TransactionStopped>? TransactionStopped { add => Add(value); remove => Remove(value); }

    public event Action<MeterValuesReceived>? MeterValuesReceived { add => Add(value); remove => Remove(value); }

    public event Action<ChargePointConfigured>? Configured { add => Add(value); remove => Remove(value); }

    /// <summary>Calls every handler of <typeparamref name="TEvent"/>, each on its own: one that throws is logged and
    /// the others still run.</summary>
    internal void Raise<TEvent>(TEvent e) where TEvent : class
    {
        if (!Volatile.Read(ref _handlers).TryGetValue(typeof(TEvent), out var handlers))
        {
            return;
        }
        foreach (var handler in handlers)
        {
            try
            {
                ((Action<TEvent>)handler)(e);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A handler of {Event} failed", typeof(TEvent).Name);
            }
        }
    }

    private void Add<TEvent>(Action<TEvent>? handler)
    {
        if (handler is null)
        {
            return;
        }
        lock (_subscribe)
        {
            var combined = Delegate.Combine(Current<TEvent>(), handler)!;
            Volatile.Write(ref _handlers, _handlers.SetItem(typeof(TEvent), combined.GetInvocationList()));
        }
    }

    private void Remove<TEvent>(Action<TEvent>? handler)
    {
        if (handler is null)
        {
            return;
        }
        lock (_subscribe)
        {
            var rest = Delegate.Remove(Current<TEvent>(), handler);
            Volatile.Write(ref _handlers, rest is null ? _handlers.Remove(typeof(TEvent)) : _handlers.SetItem(typeof(TEvent), rest.GetInvocationList()));
        }
    }

    private Delegate? Current<TEvent>() =>
        _handlers.TryGetValue(typeof(TEvent), out var handlers) ? Delegate.Combine(handlers) : null;
}
