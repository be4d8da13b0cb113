namespace OliMove.Ocpp.CentralSystem;

/// <summary>Port: which charge points this site knows, and their AuthorizationKeys (kept salted and hashed by
/// the host; the key passed here is never logged or stored by this module).</summary>
public interface IChargePointDirectory
{
    /// <summary>Null when the id is unknown: the upgrade is refused with HTTP 404 [J 3.1.1].</summary>
    ValueTask<ChargePointRegistration?> FindAsync(string chargePointId, CancellationToken ct);

    /// <summary>Security profile 1/2: does <paramref name="authorizationKey"/> match the stored salted hash?</summary>
    ValueTask<bool> VerifyAuthorizationKeyAsync(string chargePointId, string authorizationKey, CancellationToken ct);
}
