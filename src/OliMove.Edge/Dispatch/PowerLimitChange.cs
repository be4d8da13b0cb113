namespace OliMove.Edge.Dispatch;

/// <summary>
/// A limit that changes what its connector holds. <paramref name="Raises"/>: it allows more than the connector holds
/// at some instant from now (or the connector holds nothing of ours), so it must wait for the lowerings.
/// </summary>
public record PowerLimitChange(PowerLimit Limit, bool Raises);
