using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Sends one profile, retrying a refusal or a missing answer. A charger that keeps refusing is backed off
/// (<see cref="ProfileRefusals"/>): while it is, nothing is sent, and its one problem is the refusal. What a charger
/// accepts is recorded in <see cref="InstalledProfiles"/>.
/// </summary>
public sealed class ProfileSender(
    ChargePointConnectionRegistry connections,
    ProfileRefusals refusals,
    InstalledProfiles installed,
    TimeProvider time,
    ILogger<ProfileSender> logger)
{
    private const int Attempts = 3;

    public async Task<SendOutcome> SendAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        string? problem = null;
        var attempts = refusals.IsRefusing(chargePointId) ? 1 : Attempts;
        var generation = refusals.Generation(chargePointId);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (generation != refusals.Generation(chargePointId))
            {
                return new SendOutcome(false, null); // built from terms since replaced; the new ones are being sent
            }

            if (!connections.TryGet(chargePointId, out var client))
            {
                return new SendOutcome(false, "offline");
            }

            if (!refusals.MayTry(chargePointId, time.GetUtcNow()))
            {
                return new SendOutcome(false, null);
            }

            try
            {
                var response = await client.SetChargingProfileAsync(OcppProfileMapper.ToRequest(spec), ct);
                if (response.Status == ChargingProfileStatus.Accepted)
                {
                    refusals.Accepted(chargePointId);
                    installed.Accepted(chargePointId, spec);
                    return new SendOutcome(true, null);
                }

                // A charger may refuse a TxProfile that crosses its own StartTransaction.conf on the wire (it
                // does not know the transaction id yet), so a refusal is retried after a pause before it is flagged.
                problem = $"profile {response.Status}";
                if (Refuse(chargePointId, spec, problem, generation))
                {
                    return new SendOutcome(false, null);
                }

                if (attempt < attempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), time, ct);
                }
            }
            catch (OcppCallTimeoutException)
            {
                problem = "no answer to SetChargingProfile";
            }
            catch (OcppConnectionClosedException)
            {
                return new SendOutcome(false, "offline");
            }
            catch (OcppCallErrorException e)
            {
                problem = $"CALLERROR {e.Message}";
                if (Refuse(chargePointId, spec, problem, generation))
                {
                    return new SendOutcome(false, null);
                }
            }
        }

        if (refusals.IsRefusing(chargePointId))
        {
            return new SendOutcome(false, null);
        }

        logger.LogWarning("Charge point {ChargePoint}: {Purpose} on connector {Connector} failed after {Attempts} attempts: {Problem}", chargePointId, spec.Purpose, spec.ConnectorId, attempts, problem);
        return new SendOutcome(false, problem);
    }

    /// <summary>Records a refusal; true when the charger is now backed off (the caller stops trying).</summary>
    private bool Refuse(string chargePointId, ChargingProfileSpec spec, string problem, long generation)
    {
        // A TxProfile's refusal is ambiguous: the charger rejects a profile for a transaction it does not know
        // (OCPP 1.6 §5.16), which a profile crossing its StartTransaction.conf, or one for a transaction that has
        // just stopped, is. Only a refused default makes a charger "refusing"; once it is, every refusal counts.
        if (spec.Purpose == ProfilePurpose.TxProfile && !refusals.IsRefusing(chargePointId))
        {
            return false;
        }

        if (refusals.Refused(chargePointId, problem, time.GetUtcNow(), generation))
        {
            logger.LogWarning("Charge point {ChargePoint} refuses SetChargingProfile ({Problem}, last on connector {Connector}, {Purpose}); backing off, its sessions are planned at what it draws", chargePointId, problem, spec.ConnectorId, spec.Purpose);
        }

        return refusals.IsRefusing(chargePointId);
    }
}
