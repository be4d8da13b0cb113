using OliMove.Edge.Hosting;

namespace OliMove.Edge.Operations;

/// <summary>
/// The site's own time zone (site map <c>site.timeZone</c>, default UTC): where a day, a week and a month start for
/// the history, and the local times in the CSV exports. The API keeps UTC; pages format with the same zone.
/// </summary>
public sealed class SiteTimeZone(SiteState site)
{
    public string Id => site.Topology.Map.TimeZone;

    // The site map checked the id on load; a zone missing from this system's tzdata still answers (in UTC).
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(Id, out var zone) ? zone : TimeZoneInfo.Utc;

    public DateTimeOffset ToLocal(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    /// <summary>The instant a local calendar date's midnight falls on (the first valid local time on a DST gap).</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var zone = Zone;
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Today's date on the site's calendar.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ToLocal(now).DateTime);
}
