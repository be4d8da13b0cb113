namespace OliMove.Storage;

/// <summary>The columns the session list may be sorted by; each maps to one SQL expression (no caller text reaches SQL).</summary>
public enum SessionHistorySort
{
    Started,
    Stopped,
    ChargePoint,
    IdTag,
    Energy,
    Duration,
}
