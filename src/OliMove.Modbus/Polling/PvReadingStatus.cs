namespace OliMove.Modbus.Polling;

public enum PvReadingStatus
{
    /// <summary>Read just now; the power counts for planning.</summary>
    Ok,

    /// <summary>The last reading is older than allowed; it counts as 0 W.</summary>
    Stale,

    /// <summary>The last attempt failed (no connection, timeout, exception, not implemented); it counts as 0 W.</summary>
    Failed,
}
