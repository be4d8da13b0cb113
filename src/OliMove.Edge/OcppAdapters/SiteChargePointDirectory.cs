using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Edge.Security;
using OliMove.Ocpp.CentralSystem;
using OliMove.SiteMap;
using OliMove.Storage;

namespace OliMove.Edge.OcppAdapters;

/// <summary>
/// The charge points of the site map, with their salted key hashes. A charge point whose boot was accepted
/// before (also before a restart) may reconnect without booting again (OCPP-J 1.6 §5.3). A key that passed the
/// PBKDF2 check is remembered (as a keyed hash) until the site map is replaced, so that reconnecting costs
/// microseconds, not ~105 ms of CPU per charger (decision 0227). Full checks pass the password gate (decision 0247):
/// when it is full, <see cref="KeyCheckBusyException"/>.
/// </summary>
public sealed class SiteChargePointDirectory(SiteState site, ChargePointRepository chargePoints, WorkGates? gates = null) : IChargePointDirectory
{
    private readonly VerifiedKeyCache _verifiedKeys = new();

    // Charge points whose boot was accepted once, under the site map in force: every boot is accepted and none is
    // withdrawn, so a reconnect (1,000 of them after a site power cut) needs no SQLite read at its handshake. A new
    // site map starts afresh (a charger removed and added again may have lost its row).
    private readonly Lock _acceptedLock = new();
    private (object? Topology, ConcurrentDictionary<string, bool> Ids) _accepted = (null, new(StringComparer.Ordinal));

    /// <summary>How many charge points have a verified key remembered.</summary>
    public int VerifiedKeyCount => _verifiedKeys.Count;

    public async ValueTask<ChargePointRegistration?> FindAsync(string chargePointId, CancellationToken ct)
    {
        var topology = site.Topology;
        if (topology.FindChargePoint(chargePointId) is null)
        {
            return null;
        }

        ConcurrentDictionary<string, bool> known;
        lock (_acceptedLock)
        {
            if (!ReferenceEquals(_accepted.Topology, topology))
            {
                _accepted = (topology, new(StringComparer.Ordinal));
            }

            known = _accepted.Ids;
        }

        if (known.ContainsKey(chargePointId))
        {
            return new ChargePointRegistration(chargePointId, true);
        }

        var record = await chargePoints.GetAsync(chargePointId, ct);
        var accepted = record?.Boot?.BootStatus == "Accepted";
        if (accepted)
        {
            known.TryAdd(chargePointId, true);
        }

        return new ChargePointRegistration(chargePointId, accepted);
    }

    public async ValueTask<bool> VerifyAuthorizationKeyAsync(string chargePointId, string authorizationKey, CancellationToken ct)
    {
        var topology = site.Topology;
        var definition = topology.FindChargePoint(chargePointId);
        if (definition is null)
        {
            return false;
        }

        // No hash in the site map: no key can match. Such a charger connects only when the site runs OCPP
        // security profile 0 (Ocpp.SecurityProfile), where no key is asked for at all; `site check` warns.
        if (definition.AuthorizationKeyHash is null)
        {
            return false;
        }

        var stored = definition.AuthorizationKeyHash;
        if (_verifiedKeys.Contains(topology, chargePointId, stored, authorizationKey))
        {
            return true;
        }

        using (var slot = gates is null ? null : await gates.Passwords.TryEnterAsync(ct) ?? throw new KeyCheckBusyException(TimeSpan.FromSeconds(1)))
        {
            var verified = AuthorizationKeyHash.Verify(authorizationKey, stored);
            if (verified)
            {
                _verifiedKeys.Add(topology, chargePointId, stored, authorizationKey);
            }

            return verified;
        }
    }
}
