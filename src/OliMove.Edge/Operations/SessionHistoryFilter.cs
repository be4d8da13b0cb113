using System.Globalization;
using OliMove.Edge.Hosting;
using OliMove.Storage;

namespace OliMove.Edge.Operations;

/// <summary>
/// Reads the session list's query string: from/to (ISO 8601, on the start time), chargePointId, groupId, idTag, user,
/// optIn (true|false), promise (met|missed|pending|ended_early|none), sort (started|stopped|chargePoint|idTag|energy|
/// duration), order (asc|desc). Anything it does not understand is an error, never ignored.
/// </summary>
public static class SessionHistoryFilter
{
    private static readonly string[] Known = ["from", "to", "chargePointId", "groupId", "idTag", "user", "optIn", "promise", "sort", "order", "offset", "limit", "format", "access_token"];

    public static bool TryParse(IQueryCollection q, SiteState site, out SessionHistoryQuery query, out string error, out bool unknownGroup)
    {
        query = new SessionHistoryQuery();
        error = "";
        unknownGroup = false;
        if (q.Keys.FirstOrDefault(k => !Known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            error = $"unknown query parameter '{unknown}'; the session list takes {string.Join(", ", Known[..12])}";
            return false;
        }

        DateTimeOffset? from = null, to = null;
        if (q.TryGetValue("from", out var f))
        {
            if (!DateTimeOffset.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
            {
                error = "from must be an ISO 8601 time, e.g. 2026-11-25T00:00:00Z";
                return false;
            }

            from = v;
        }

        if (q.TryGetValue("to", out var t))
        {
            if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
            {
                error = "to must be an ISO 8601 time, e.g. 2026-11-26T00:00:00Z";
                return false;
            }

            to = v;
        }

        if (from is { } a && to is { } b && b <= a)
        {
            error = "to must be after from";
            return false;
        }

        IReadOnlyList<string>? groupChargePoints = null;
        if (NonEmpty(q, "groupId") is { } groupId)
        {
            if (site.Topology.Groups.FirstOrDefault(g => g.Id == groupId) is not { } group)
            {
                error = $"no group '{groupId}'";
                unknownGroup = true;
                return false;
            }

            groupChargePoints = [.. group.ChargePoints.Select(cp => cp.ChargePointId)];
        }

        bool? optIn = null;
        if (q.TryGetValue("optIn", out var o))
        {
            if (!bool.TryParse(o, out var v))
            {
                error = "optIn must be true or false";
                return false;
            }

            optIn = v;
        }

        var promise = NonEmpty(q, "promise");
        if (promise is not null && !SessionPromise.All.Contains(promise))
        {
            error = $"promise must be one of {string.Join(", ", SessionPromise.All)}";
            return false;
        }

        var sort = SessionHistorySort.Started;
        if (NonEmpty(q, "sort") is { } s && (!Enum.GetNames<SessionHistorySort>().Contains(s, StringComparer.OrdinalIgnoreCase) || !Enum.TryParse(s, ignoreCase: true, out sort)))
        {
            error = "sort must be one of started, stopped, chargePoint, idTag, energy, duration";
            return false;
        }

        var order = NonEmpty(q, "order") ?? "desc";
        if (order is not ("asc" or "desc"))
        {
            error = "order must be asc or desc";
            return false;
        }

        query = new SessionHistoryQuery(from, to, NonEmpty(q, "chargePointId"), groupChargePoints, NonEmpty(q, "idTag"), NonEmpty(q, "user"), optIn, promise, sort, order == "desc");
        return true;
    }

    private static string? NonEmpty(IQueryCollection q, string key) =>
        q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
}
