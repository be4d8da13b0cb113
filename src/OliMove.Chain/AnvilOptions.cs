namespace OliMove.Chain;

/// <summary>How to start the anvil dev chain.</summary>
/// <param name="AnvilPath">The anvil binary; null finds it under tools/chain/node_modules from <see cref="RepoRoot"/>.</param>
/// <param name="RepoRoot">The repository root (holds tools/chain); null walks up from the app folder to OliMove.Edge.sln.</param>
/// <param name="Port">0 picks a free 127.0.0.1 port; a fixed port lets a restarted node keep its URL.</param>
/// <param name="StateFile">With a path, anvil loads its state from it at start and writes it back on stop, like a real chain.</param>
public sealed record AnvilOptions(
    string? AnvilPath = null,
    string? RepoRoot = null,
    int Port = 0,
    long ChainId = 31337,
    string? StateFile = null)
{
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
