namespace OliMove.Ocpp.CentralSystem;

/// <summary>Without a local-controller role the charger is given the host's own ids: nothing to translate.</summary>
public sealed class SameChargerTransactionIds : IChargerTransactionIds
{
    public ValueTask<int> ToHostAsync(string chargePointId, int chargerFacingId, CancellationToken ct) => ValueTask.FromResult(chargerFacingId);

    public ValueTask<int> ToChargerAsync(string chargePointId, int hostId, CancellationToken ct) => ValueTask.FromResult(hostId);
}
