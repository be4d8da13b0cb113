namespace OliMove.Chain;

/// <summary>An allocator version for the AlgorithmRegistry; a slot commitment may only name a published version.</summary>
/// <param name="CodeHash">32 bytes hex: hash of the allocator's code.</param>
/// <param name="ParametersHash">32 bytes hex: hash of its parameters.</param>
public sealed record AlgorithmPublicationPayload(uint Version, string CodeHash, string ParametersHash, string Description)
{
    public void Validate()
    {
        if (Version == 0)
        {
            throw new ArgumentException("Algorithm versions start at 1.");
        }

        if (PayloadRange.Hash32(CodeHash, nameof(CodeHash)).All(b => b == 0))
        {
            throw new ArgumentException("CodeHash must not be zero.");
        }

        PayloadRange.Hash32(ParametersHash, nameof(ParametersHash));
    }
}
