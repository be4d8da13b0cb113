namespace OliMove.Chain;

/// <summary>
/// One slot for SC2: every asset's status row plus the slot commitment (hashes of the allocator's
/// canonical inputs and outputs, and the published algorithm version that produced them).
/// </summary>
/// <param name="SlotId">See <see cref="ChainIds.SlotId"/>: quarter hours since the Unix epoch.</param>
/// <param name="InputHash">32 bytes, hex ("0x" optional).</param>
/// <param name="OutputHash">32 bytes, hex ("0x" optional).</param>
public sealed record SlotStatusPayload(
    ulong SlotId,
    uint AlgorithmVersion,
    string InputHash,
    string OutputHash,
    IReadOnlyList<AssetStatusRow> Rows)
{
    public void Validate()
    {
        if (AlgorithmVersion == 0)
        {
            throw new ArgumentException("AlgorithmVersion must be a published version (1 or more).");
        }

        PayloadRange.Hash32(InputHash, nameof(InputHash));
        PayloadRange.Hash32(OutputHash, nameof(OutputHash));
        if (Rows is null || Rows.Count == 0)
        {
            throw new ArgumentException($"Slot {SlotId} has no status rows.");
        }

        foreach (var row in Rows)
        {
            if (string.IsNullOrWhiteSpace(row.AssetId))
            {
                throw new ArgumentException($"Slot {SlotId} has a row without an asset id.");
            }

            if (!Enum.IsDefined(row.Status))
            {
                throw new ArgumentException($"Slot {SlotId}, asset {row.AssetId}: unknown status {(int)row.Status}.");
            }

            PayloadRange.UInt32(row.UserEnergyLeftWh, $"slot {SlotId}, {row.AssetId}.UserEnergyLeftWh");
            PayloadRange.UInt32(row.UserTimeLeftS, $"slot {SlotId}, {row.AssetId}.UserTimeLeftS");
        }
    }
}
