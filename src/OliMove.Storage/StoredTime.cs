namespace OliMove.Storage;

/// <summary>Times are stored as INTEGER Unix milliseconds (UTC): they sort and compare as numbers.</summary>
internal static class StoredTime
{
    public static long ToDb(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromDb(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
