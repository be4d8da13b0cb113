namespace OliMove.Chain;

/// <summary>Raised inside the writer when the chain turns out not to be writable (stops the pass).</summary>
internal sealed class ChainNotUsableException(ChainHealth health, string message) : Exception(message)
{
    public ChainHealth Health { get; } = health;
}
