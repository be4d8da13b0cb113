namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Port: the transaction ids a charger speaks of, against the host's own transaction ids. They differ when a
/// local controller hands the charger its central system's id (upstream link); everything behind the routes and
/// every event speaks the host's ids only, and the translation happens here, at the wire. Lookups are per
/// charger: a charger-facing id of one charger may equal a host id of another.
/// </summary>
public interface IChargerTransactionIds
{
    /// <summary>The host's id of the transaction the charger calls <paramref name="chargerFacingId"/>; the id
    /// itself when none is mapped (e.g. -1, or no upstream link).</summary>
    ValueTask<int> ToHostAsync(string chargePointId, int chargerFacingId, CancellationToken ct);

    /// <summary>The id the charger knows the host's transaction <paramref name="hostId"/> by.</summary>
    ValueTask<int> ToChargerAsync(string chargePointId, int hostId, CancellationToken ct);
}
