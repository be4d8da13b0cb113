namespace OliMove.Edge.Dispatch;

/// <summary>
/// <paramref name="FullPlanSlots"/>: how many slots of a TxProfile follow the plan before its periods are capped
/// at the connector's fail-safe share (docs/decisions/0002). Two on a real site: the current slot and the next,
/// whose boundary brings a new profile. On an accelerated clock a second of dispatch latency spans simulated
/// minutes, so the host adds the slots that latency covers.
/// </summary>
public sealed record DispatchSettings(int FullPlanSlots);
