namespace OliMove.Edge.Dispatch;

/// <summary>
/// The chargers as dispatch planning sees them: connectors that take a power limit in watts over time, either for a
/// running transaction or as the fail-safe they keep when the controller is gone (evcc's charger port is the model:
/// set a limit until a time). How a limit goes on the wire (profile purposes, ids, stack levels, the charger's rate
/// unit, what it already holds) stays behind it (<see cref="OcppChargerPowerLimits"/>, decision 0210).
/// </summary>
public interface IChargerPowerLimits
{
    /// <summary>Whether the charger can be reached now; one that cannot gets its fail-safe when it connects.</summary>
    bool IsConnected(string chargePointId);

    /// <summary>
    /// Of <paramref name="limits"/>, those that change what their connector holds from <paramref name="now"/> on, in
    /// the order given, each saying whether it allows more than the connector holds at some instant (a raise).
    /// Nothing is sent.
    /// </summary>
    Task<IReadOnlyList<PowerLimitChange>> ChangesAsync(IReadOnlyList<PowerLimit> limits, DateTimeOffset now, CancellationToken ct);

    /// <summary>Sends one change and waits for the charger: whether it now holds the limit, and the problem to show
    /// (null for none).</summary>
    Task<SendOutcome> SetAsync(PowerLimitChange change, CancellationToken ct);
}
