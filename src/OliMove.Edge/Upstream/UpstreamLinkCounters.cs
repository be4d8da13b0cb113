namespace OliMove.Edge.Upstream;

/// <summary>What went wrong with the backend on one link since the edge started: CALLERROR answers, answers
/// that break their schema, CALLs it never answered, and non-transaction messages dropped for it.</summary>
public sealed record UpstreamLinkCounters(long CallErrors, long InvalidPayloads, long Timeouts, long Dropped);
