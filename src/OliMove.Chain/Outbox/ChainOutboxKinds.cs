namespace OliMove.Chain;

/// <summary>The Kind of each chain outbox item the <see cref="OutboxWriter"/> understands.</summary>
public static class ChainOutboxKinds
{
    /// <summary>Payload <see cref="SiteAssets"/>; key "assets:{hash of the payload}" so an unchanged site map enqueues nothing.</summary>
    public const string AssetRegistration = "chain.assets";

    /// <summary>Payload <see cref="AlgorithmPublicationPayload"/>; key "algorithm:{version}".</summary>
    public const string AlgorithmPublication = "chain.algorithm";

    /// <summary>Payload <see cref="SlotStatusPayload"/>; key "slot:{slotId}". One transaction per slot.</summary>
    public const string SlotStatus = "chain.slot-status";

    /// <summary>Payload <see cref="SettlementPayload"/>; key "settlement:{sessionKey}". Consecutive ones share a transaction.</summary>
    public const string Settlement = "chain.settlement";

    /// <summary>
    /// Payload <see cref="SettlementAllocationPayload"/>; key "settlement-allocation:{first word}". Enqueued by the writer
    /// itself and sent before the settlements waiting for it (decision 0366).
    /// </summary>
    public const string SettlementAllocation = "chain.settlement-allocation";
}
