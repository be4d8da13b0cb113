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
    public event Action<ChargePointConnected>? Connected;

    public event Action<ChargePointDisconnected>? Disconnected;

    public event Action<ChargePointBooted>? Booted;

    public event Action<ChargePointHeartbeat>? Heartbeat;

    public event Action<ConnectorStatusChanged>? StatusChanged;

    public event Action<TransactionStarted>? TransactionStarted;

    public event Action<TransactionStopped>? TransactionStopped;

    public event Action<MeterValuesReceived>? MeterValuesReceived;

    public event Action<ChargePointConfigured>? Configured;

    internal void Raise(ChargePointConnected e) => Invoke(Connected, e);

    internal void Raise(ChargePointDisconnected e) => Invoke(Disconnected, e);

    internal void Raise(ChargePointBooted e) => Invoke(Booted, e);

    internal void Raise(ChargePointHeartbeat e) => Invoke(Heartbeat, e);

    internal void Raise(ConnectorStatusChanged e) => Invoke(StatusChanged, e);

    internal void Raise(TransactionStarted e) => Invoke(TransactionStarted, e);

    internal void Raise(TransactionStopped e) => Invoke(TransactionStopped, e);

    internal void Raise(MeterValuesReceived e) => Invoke(MeterValuesReceived, e);

    internal void Raise(ChargePointConfigured e) => Invoke(Configured, e);

    private void Invoke<T>(Action<T>? handlers, T e)
    {
        if (handlers is null)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try
            {
                handler(e);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A handler of {Event} failed", typeof(T).Name);
            }
        }
    }
}
