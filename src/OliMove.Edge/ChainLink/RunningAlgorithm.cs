namespace OliMove.Edge.ChainLink;

/// <summary>
/// The allocator this service plans with: its code and parameters hashes, and the AlgorithmRegistry number
/// every slot record names, resolved once at start (<see cref="AlgorithmVersionResolver"/>) by
/// <see cref="ChainOutboxService"/>. Slot records wait for it: a record must never name a number that may
/// mean other code.
/// </summary>
public sealed class RunningAlgorithm(string codeHash, string parametersHash, string description)
{
    private readonly TaskCompletionSource<uint> _version = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string CodeHash { get; } = codeHash;

    public string ParametersHash { get; } = parametersHash;

    public string Description { get; } = description;

    /// <summary>The number, once resolved; null before.</summary>
    public uint? Version => _version.Task.IsCompletedSuccessfully ? _version.Task.Result : null;

    /// <summary>The allocator this process loaded (<see cref="AlgorithmIdentity"/>), with the test-only parameters hash when one is configured.</summary>
    public static RunningAlgorithm ThisBuild(AlgorithmOptions options)
    {
        options.Validate();
        return new(AlgorithmIdentity.CodeHash(), options.TestParametersHash?.ToLowerInvariant() ?? AlgorithmIdentity.ParametersHash, AlgorithmIdentity.Description);
    }

    /// <summary>Completes when the number is resolved; throws if resolving failed.</summary>
    public Task<uint> VersionAsync(CancellationToken ct) => _version.Task.WaitAsync(ct);

    public bool IsSameBuild(string codeHash, string parametersHash) =>
        string.Equals(Normalize(codeHash), Normalize(CodeHash), StringComparison.Ordinal)
        && string.Equals(Normalize(parametersHash), Normalize(ParametersHash), StringComparison.Ordinal);

    internal void Resolve(uint version) => _version.TrySetResult(version);

    internal void Fail(Exception error) => _version.TrySetException(error);

    private static string Normalize(string hex) => (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex).ToLowerInvariant();
}
