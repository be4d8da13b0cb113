using System.Collections.Concurrent;

namespace OliMove.Edge.Live;

/// <summary>
/// The site as it is right now, kept in memory from OCPP events and dispatch results, for the slot loop and
/// the API. Everything durable is in SQLite; this only saves a query on every read and is rebuilt from it on
/// start (<see cref="LiveStateRebuilder"/>).
/// </summary>
public sealed class LiveSiteState
{
    private readonly ConcurrentDictionary<(string, int), ConnectorLive> _connectors = new();
    private readonly ConcurrentDictionary<string, ChargePointLive> _chargePoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), long> _vehicleMaxW = new();

    public event Action<string>? Changed;

    public ConnectorLive Connector(string chargePointId, int connectorId) =>
        _connectors.GetValueOrDefault((chargePointId, connectorId)) ?? ConnectorLive.Empty(chargePointId, connectorId);

    /// <summary>The connector's measured power, or null: as <see cref="Connector"/>, without building an empty state for
    /// a connector never reported (summed over a group on every MeterValues).</summary>
    public long? MeasuredW(string chargePointId, int connectorId) =>
        _connectors.TryGetValue((chargePointId, connectorId), out var connector) ? connector.MeasuredW : null;

    public ChargePointLive ChargePoint(string chargePointId) =>
        _chargePoints.GetValueOrDefault(chargePointId) ?? new ChargePointLive(chargePointId, false, null, null);

    public void UpdateConnector(string chargePointId, int connectorId, Func<ConnectorLive, ConnectorLive> update)
    {
        _connectors.AddOrUpdate(
            (chargePointId, connectorId),
            _ => update(ConnectorLive.Empty(chargePointId, connectorId)),
            (_, old) => update(old));
        Changed?.Invoke(chargePointId);
    }

    /// <param name="notify">False when the caller's own next update announces the change (one event, not two).</param>
    public void UpdateChargePoint(string chargePointId, Func<ChargePointLive, ChargePointLive> update, bool notify = true)
    {
        _chargePoints.AddOrUpdate(
            chargePointId,
            _ => update(new ChargePointLive(chargePointId, false, null, null)),
            (_, old) => update(old));
        if (notify)
        {
            Changed?.Invoke(chargePointId);
        }
    }

    /// <summary>The connector that runs <paramref name="transactionId"/> on this charger, if we know it.</summary>
    public int? ConnectorOfTransaction(string chargePointId, int transactionId) =>
        _connectors.Values.FirstOrDefault(c => c.ChargePointId == chargePointId && c.TransactionId == transactionId)?.ConnectorId;

    public IReadOnlyList<ConnectorLive> Connectors => [.. _connectors.Values];

    /// <summary>The EV's maximum as seen (rampdown memory) for the transaction on this connector.</summary>
    public long? VehicleMaxW(string chargePointId, int connectorId) =>
        _vehicleMaxW.TryGetValue((chargePointId, connectorId), out var w) ? w : null;

    public void SetVehicleMaxW(string chargePointId, int connectorId, long? watts)
    {
        if (watts is { } w)
        {
            _vehicleMaxW[(chargePointId, connectorId)] = w;
        }
        else
        {
            _vehicleMaxW.TryRemove((chargePointId, connectorId), out _);
        }
    }
}
