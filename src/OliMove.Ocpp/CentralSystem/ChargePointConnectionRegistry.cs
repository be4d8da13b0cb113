using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>The connected chargers by id (one connection each), and the boot status of every charger seen since
/// start, which outlives its connections [J 5.3: a reconnect needs no new BootNotification].</summary>
public sealed class ChargePointConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ChargePointSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RegistrationStatus> _bootStatus = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> ConnectedIds => _sessions.Keys.ToArray();

    public int Count => _sessions.Count;

    public bool TryGet(string chargePointId, [NotNullWhen(true)] out IChargePointClient? client)
    {
        client = _sessions.TryGetValue(chargePointId, out var session) ? session : null;
        return client is not null;
    }

    internal RegistrationStatus? LastBootStatus(string chargePointId) =>
        _bootStatus.TryGetValue(chargePointId, out var status) ? status : null;

    internal void SetBootStatus(ChargePointSession session, RegistrationStatus status)
    {
        _bootStatus[session.ChargePointId] = status;
        session.BootStatus = status;
    }

    /// <summary>Adds the session and returns the one it replaces, if any.</summary>
    internal ChargePointSession? Register(ChargePointSession session)
    {
        ChargePointSession? previous = null;
        _sessions.AddOrUpdate(session.ChargePointId, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        return previous;
    }

    /// <summary>Removes the session only if it is still the current one (a replaced session must not remove
    /// its successor).</summary>
    internal bool Remove(ChargePointSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, ChargePointSession>(session.ChargePointId, session));
}
