namespace OliMove.Chain;

/// <summary>
/// Pre-allocation of <see cref="Words"/> words of the site's settlement bitmap (255 session numbers each) from
/// <see cref="FromNumber"/>'s word on (ChargingSettlement.allocate, decision 0340). The writer enqueues it itself,
/// before a settlement batch that reaches the last allocated word (decision 0366).
/// </summary>
public sealed record SettlementAllocationPayload(ulong FromNumber, int Words)
{
    /// <summary>The contract's MAX_WORDS_PER_ALLOCATION: more in one call reverts (AllocationTooLarge).</summary>
    public const int MaxWords = 64;

    /// <summary>The first bitmap word: what the item's key names, so the same words are never queued twice.</summary>
    public ulong FirstWord => FromNumber / ChainIds.SessionsPerWord;

    /// <summary>The session number the contract's <c>allocatedThrough</c> reaches once this landed.</summary>
    public ulong ThroughNumber => ((FirstWord + (ulong)Words) * ChainIds.SessionsPerWord) - 1;

    public void Validate()
    {
        if (Words is < 1 or > MaxWords)
        {
            throw new ArgumentException($"A settlement bitmap allocation takes 1 to {MaxWords} words, not {Words}.");
        }

        // The contract stores allocatedThrough as a uint64.
        if (FirstWord + (ulong)Words > ulong.MaxValue / ChainIds.SessionsPerWord)
        {
            throw new ArgumentException($"Session number {FromNumber} is too large to allocate {Words} words from.");
        }
    }
}
