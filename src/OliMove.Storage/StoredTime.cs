namespace OliMove.Storage;

/// <summary>Times are stored as INTEGER Unix milliseconds (UTC): they sort and compare as numbers.</summary>
internal static class StoredTime
{
    public static long ToDb(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromDb(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    /// <summary>The time as a read gives it back: what an in-memory copy of a stored row must hold.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset time) => FromDb(ToDb(time));
}
