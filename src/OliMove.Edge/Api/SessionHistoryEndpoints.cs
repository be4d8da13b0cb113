using System.Globalization;
using System.Text.Json;
using OliMove.Edge.Api.Views;
using OliMove.Edge.Hosting;
using OliMove.Edge.Operations;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// GET /api/v1/sessions (viewer): the session list, filtered, sorted and paged, as JSON or (<c>Accept: text/csv</c> or
/// <c>?format=csv</c>) as one CSV of every match, streamed row by row from the SQLite reader (decision 0281).
/// GET /api/v1/sessions/{transactionId}/plan: the archived slot plans that planned the session.
/// </summary>
public static class SessionHistoryEndpoints
{
    /// <summary>The CSV header: one row, each column with its unit where it has one.</summary>
    public static readonly string[] CsvHeader =
    [
        "transaction_id", "charge_point_id", "connector_id", "group_id", "id_tag", "user",
        "started_at_utc", "started_at_local", "stopped_at_utc", "stopped_at_local", "duration_min",
        "energy_kWh", "meter_start_Wh", "meter_stop_Wh", "stop_reason", "opt_in", "requested_kWh",
        "departure_local", "promise", "bill_minor_units", "currency", "flexibility_kWh_h", "settlement_state", "settlement_tx_hash",
    ];

    public static RouteGroupBuilder MapSessionHistoryEndpoints(this RouteGroupBuilder api)
    {
        var viewer = api.MapGroup("").RequireAuthorization(ApiPolicies.Viewer);
        viewer.MapGet("/sessions", async (HttpContext context, SessionHistoryRepository sessions, SiteState site, SiteTimeZone zone, TimeProvider time, CancellationToken ct) =>
        {
            var request = context.Request;
            if (!SessionHistoryFilter.TryParse(request.Query, site, out var query, out var error, out var unknownGroup))
            {
                return unknownGroup ? ApiErrors.NotFound(error) : ApiErrors.BadRequest(error);
            }

            var format = request.Query["format"].ToString();
            if (format is not ("" or "csv" or "json"))
            {
                return ApiErrors.BadRequest("format must be csv or json");
            }

            var now = time.GetUtcNow();
            if (format == "csv" || (format == "" && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))))
            {
                await WriteCsvAsync(context, sessions, query, site, zone, now, ct);
                return Results.Empty;
            }

            if (!PageRequest.TryParse(request.Query, out var page, out error))
            {
                return ApiErrors.BadRequest(error);
            }

            var (items, total) = await sessions.PageAsync(query, now, page.Offset, page.Limit, ct);
            return Results.Ok(new Page<SessionHistoryView>([.. items.Select(r => View(r, site))], page.Offset, page.Limit, total));
        });
        viewer.MapGet("/sessions/{transactionId:long}/plan", async (long transactionId, TransactionRepository transactions, SlotPlanRepository plans, SiteState site, TimeProvider time, CancellationToken ct) =>
        {
            if (await transactions.GetAsync(transactionId, ct) is not { } tx)
            {
                return ApiErrors.NotFound($"no session with transaction id {transactionId}");
            }

            var groupId = site.Topology.GroupOf(tx.ChargePointId)?.Id;
            var sessionId = PlanIds.SessionIdOf(tx.Id);
            var slots = new List<object>();
            if (groupId is not null)
            {
                var to = tx.StoppedAt ?? time.GetUtcNow();
                // One row per slot: the latest revision planned it; the session's first-slot power is what was sent.
                foreach (var record in await plans.ListRangeAsync(groupId, SlotClock.StartOf(tx.StartedAt), to.AddSeconds(1), latestRevisionOnly: true, ct))
                {
                    if (SessionInPlan(record.OutputJson, sessionId) is { } s)
                    {
                        slots.Add(new { slotStart = record.SlotStart, record.Revision, plannedW = s.PowerW, status = s.Status, record.InputSha256, record.OutputSha256 });
                    }
                }
            }

            return Results.Ok(new { transactionId, sessionId, groupId, slots });
        });
        return api;
    }

    private static (long? PowerW, string? Status)? SessionInPlan(string outputJson, string sessionId)
    {
        try
        {
            using var doc = JsonDocument.Parse(outputJson);
            foreach (var s in doc.RootElement.GetProperty("sessions").EnumerateArray())
            {
                if (s.GetProperty("sessionId").GetString() == sessionId)
                {
                    var power = s.GetProperty("powerW");
                    return (power.GetArrayLength() > 0 ? power[0].GetInt64() : null, s.TryGetProperty("status", out var st) ? st.GetString() : null);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // An archived plan that does not parse is left out of the list (verify reports it), not an error here.
        }

        return null;
    }

    public static SessionHistoryView View(SessionHistoryRow r, SiteState site) => new(
        r.TransactionId, PlanIds.SessionIdOf(r.TransactionId), r.ChargePointId, site.Topology.GroupOf(r.ChargePointId)?.Id, r.ConnectorId,
        r.IdTag, r.UserLogin, r.StartedAt, r.StoppedAt, r.MeterStartWh, r.MeterStopWh, r.EnergyWh, r.StopReason, r.StoppedAt is null,
        r.OptIn, r.RequestedEnergyWh, r.Departure, r.Promise, r.BillMinorUnits, r.Currency, r.FlexibilityKWhH, r.SettlementState, r.SettlementTxHash);

    private static async Task WriteCsvAsync(HttpContext context, SessionHistoryRepository sessions, SessionHistoryQuery query, SiteState site, SiteTimeZone zone, DateTimeOffset now, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8; header=present";
        response.Headers.ContentDisposition = $"attachment; filename=\"sessions-{zone.ToLocal(now):yyyyMMdd-HHmm}.csv\"";
        await using var csv = new CsvWriter(response.Body);
        var inv = CultureInfo.InvariantCulture;
        try
        {
            await csv.WriteRowAsync(CsvHeader, ct);
            await sessions.ForEachAsync(query, now, 0, null, async r =>
            {
                var end = r.StoppedAt ?? now;
                await csv.WriteRowAsync(
                [
                    r.TransactionId.ToString(inv), r.ChargePointId, r.ConnectorId.ToString(inv), site.Topology.GroupOf(r.ChargePointId)?.Id, r.IdTag, r.UserLogin,
                    CsvWriter.Utc(r.StartedAt), CsvWriter.Local(zone.ToLocal(r.StartedAt)),
                    CsvWriter.Utc(r.StoppedAt), r.StoppedAt is { } s ? CsvWriter.Local(zone.ToLocal(s)) : null,
                    CsvWriter.Number((end - r.StartedAt).TotalMinutes, 1),
                    r.EnergyWh is { } e ? CsvWriter.Number(e / 1000.0, 3) : null,
                    r.MeterStartWh.ToString(inv), r.MeterStopWh?.ToString(inv), r.StopReason, r.OptIn ? "true" : "false",
                    r.RequestedEnergyWh is { } q ? CsvWriter.Number(q / 1000.0, 3) : null,
                    r.Departure is { } d ? CsvWriter.Local(zone.ToLocal(d)) : null, r.Promise,
                    r.BillMinorUnits?.ToString(inv), r.Currency, r.FlexibilityKWhH is { } fx ? CsvWriter.Number(fx, 3) : null,
                    r.SettlementState, r.SettlementTxHash,
                ], ct);
            }, ct);
            await csv.FlushAsync(ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The header is out: a failure now can only cut the download short, never pass for a complete file.
            context.Abort();
        }
    }
}
