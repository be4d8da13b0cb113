namespace OliMove.Chain;

/// <summary>Whether the outbox writer may write to the configured chain, and if not, why.</summary>
public enum ChainHealth
{
    /// <summary>Not checked yet.</summary>
    Unknown,

    /// <summary>Right chain id, contract code at every address, operator role held.</summary>
    Healthy,

    /// <summary>The node does not answer (down, slow, or refused a request): items wait, the writer backs off.</summary>
    Unreachable,

    /// <summary>The node reports another chain id than the addresses were deployed to (wrong RPC URL).</summary>
    WrongChain,

    /// <summary>No contract code at a configured address: a reset dev chain or a wrong RPC URL. Nothing is sent.</summary>
    ContractsMissing,

    /// <summary>The writer's account lacks the operator role on a contract.</summary>
    NotAuthorized,
}
