namespace OliMove.Chain;

/// <summary>One asset's status in a slot, named by its asset id (the writer resolves the on-chain index).</summary>
/// <param name="SetpointW">The planned power; negative for a discharging battery.</param>
/// <param name="MeasuredW">The measured power; negative for discharge or export.</param>
public sealed record AssetStatusRow(
    string AssetId,
    AssetStatusCode Status,
    int SetpointW,
    int MeasuredW,
    long UserEnergyLeftWh,
    long UserTimeLeftS);
