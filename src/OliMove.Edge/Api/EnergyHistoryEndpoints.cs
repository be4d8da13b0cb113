using System.Globalization;
using OliMove.Edge.Operations;

namespace OliMove.Edge.Api;

/// <summary>
/// GET /api/v1/history/energy?period=day|week|month&amp;date=YYYY-MM-DD[&amp;groupId=][&amp;format=csv] (viewer): charging
/// energy and mean power per quarter for the site and each group, from SQLite; <c>date</c> is a date of the site's
/// calendar (default today there) and picks the day, the week (Monday first) or the month around it.
/// </summary>
public static class EnergyHistoryEndpoints
{
    public static readonly string[] CsvHeader = ["quarter_start_utc", "quarter_start_local", "scope", "energy_kWh", "mean_power_kW", "limit_kW"];

    public static RouteGroupBuilder MapEnergyHistoryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/history/energy", async (HttpContext context, EnergyHistory history, SiteTimeZone zone, TimeProvider time, CancellationToken ct) =>
        {
            var q = context.Request.Query;
            var period = EnergyPeriod.Day;
            if (q.TryGetValue("period", out var p) && (p.ToString() is not ("day" or "week" or "month") || !Enum.TryParse(p, ignoreCase: true, out period)))
            {
                return ApiErrors.BadRequest("period must be day, week or month");
            }

            var date = zone.Today(time.GetUtcNow());
            if (q.TryGetValue("date", out var d) && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return ApiErrors.BadRequest("date must be a date of the site's calendar, e.g. 2026-12-05");
            }

            var format = q["format"].ToString();
            if (format is not ("" or "csv" or "json"))
            {
                return ApiErrors.BadRequest("format must be csv or json");
            }

            var view = await history.ReadAsync(period, date, ct);
            string? groupId = q["groupId"];
            if (groupId is not null && view.Groups.All(g => g.GroupId != groupId))
            {
                return ApiErrors.NotFound($"no group '{groupId}'");
            }

            if (groupId is not null)
            {
                view = view with { Groups = [.. view.Groups.Where(g => g.GroupId == groupId)] };
            }

            var csv = format == "csv" || (format == "" && context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)));
            if (!csv)
            {
                return Results.Ok(view);
            }

            context.Response.ContentType = "text/csv; charset=utf-8; header=present";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"energy-{view.Period}-{view.Date:yyyy-MM-dd}.csv\"";
            await using var writer = new CsvWriter(context.Response.Body);
            await writer.WriteRowAsync(CsvHeader, ct);
            foreach (var series in groupId is null ? [view.Site, .. view.Groups] : view.Groups)
            {
                foreach (var point in series.Quarters)
                {
                    await writer.WriteRowAsync(
                    [
                        CsvWriter.Utc(point.At), CsvWriter.Local(zone.ToLocal(point.At)), series.GroupId ?? "site",
                        CsvWriter.Number(point.EnergyWh / 1000.0, 3), CsvWriter.Number(point.MeanPowerW / 1000.0, 3), CsvWriter.Number(series.LimitW / 1000.0, 3),
                    ], ct);
                }
            }

            await writer.FlushAsync(ct);
            return Results.Empty;
        }).RequireAuthorization(ApiPolicies.Viewer);
        return api;
    }
}
