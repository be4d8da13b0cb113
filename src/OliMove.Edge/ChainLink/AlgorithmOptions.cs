namespace OliMove.Edge.ChainLink;

/// <summary>Config section "Algorithm": the identity the running allocator publishes.</summary>
public sealed class AlgorithmOptions
{
    /// <summary>
    /// TEST ONLY: publish and name this parameters hash (64 hex digits) instead of the build's own
    /// (<c>AlgorithmVersion.ParametersHash</c>), i.e. run as if the allocator's parameters had changed. The upgrade
    /// test uses it to make a new algorithm version without a second build; on a site it only makes every slot
    /// fail `verify` ("algorithm parameters hash"), which is why nothing else reads it.
    /// </summary>
    public string? TestParametersHash { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> for a value that is not 32 bytes of hex.</summary>
    public void Validate()
    {
        if (TestParametersHash is { } hash && (hash.Length != 64 || !hash.All(Uri.IsHexDigit)))
        {
            throw new ArgumentException($"Algorithm.TestParametersHash must be 64 hex digits, got '{hash}'");
        }
    }
}
