using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.SiteMap;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// Sites for the field-integrity tests: generated maps of one-connector 11 kW chargers (ids FLD-cc-nn, key
/// demo-key-FLD-cc-nn, limits in W) under <c>cabinets</c> root circuits, and the API read as a viewer.
/// </summary>
public static class FieldSite
{
    public const string ViewerToken = "field-integrity-viewer-token";

    private static readonly ConcurrentDictionary<string, string> Hashes = new(StringComparer.Ordinal);

    public static string Id(int cabinet, int index) => string.Create(CultureInfo.InvariantCulture, $"FLD-{cabinet:00}-{index:00}");

    public static string Cabinet(int cabinet) => string.Create(CultureInfo.InvariantCulture, $"cabinet-{cabinet:00}");

    public static IEnumerable<string> Ids(int cabinets, int perCabinet) =>
        Enumerable.Range(1, cabinets).SelectMany(c => Enumerable.Range(1, perCabinet).Select(i => Id(c, i)));

    public static string Yaml(int cabinets, int perCabinet, long cabinetLimitW)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("site:\n  id: field\n  nominalVoltageV: 230");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"gridConnection:\n  limitW: {cabinets * cabinetLimitW}");
        yaml.AppendLine("circuits:");
        for (var c = 1; c <= cabinets; c++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: {Cabinet(c)}\n    limitW: {cabinetLimitW}");
        }

        yaml.AppendLine("chargePoints:");
        for (var c = 1; c <= cabinets; c++)
        {
            for (var i = 1; i <= perCabinet; i++)
            {
                var id = Id(c, i);
                var hash = Hashes.GetOrAdd(id, k => AuthorizationKeyHash.Create($"demo-key-{k}"));
                yaml.AppendLine(CultureInfo.InvariantCulture, $"""
                      - chargePointId: {id}
                        circuit: {Cabinet(c)}
                        chargingRateUnit: W
                        authorizationKeyHash: "{hash}"
                        connectors:
                          - connectorId: 1
                            evseId: "DE*FLD*E{c:00}{i:00}*1"
                            connectionType: Type2
                            ratedPowerW: 11000
                            phases: 3
                    """);
            }
        }

        return yaml.ToString();
    }

    /// <summary>A time as OCPP frames and SQLite carry it: whole milliseconds.</summary>
    public static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>Lets <see cref="ViewerToken"/> read the API.</summary>
    public static void AllowViewer(EdgeOptions options) =>
        options.Api.Tokens = [new ApiTokenOptions { Name = "field viewer", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(ViewerToken) }];

    public static HttpClient Viewer(EdgeTestHost host)
    {
        var http = new HttpClient { BaseAddress = host.BaseUri };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ViewerToken);
        return http;
    }

    /// <summary>/api/v1/groups/{group}: the group's planned power now (null before its first plan) and its plan revision.</summary>
    public static async Task<(double? PlannedW, int? Revision)> GroupAsync(HttpClient viewer, string groupId)
    {
        var group = await viewer.GetFromJsonAsync<JsonElement>($"api/v1/groups/{groupId}");
        var planned = group.GetProperty("plannedW");
        var revision = group.GetProperty("planRevision");
        return (planned.ValueKind == JsonValueKind.Null ? null : planned.GetDouble(), revision.ValueKind == JsonValueKind.Null ? null : revision.GetInt32());
    }

    /// <summary>/api/v1/chargepoints/{id}: the charge point's view.</summary>
    public static Task<JsonElement> ChargePointAsync(HttpClient viewer, string chargePointId) =>
        viewer.GetFromJsonAsync<JsonElement>($"api/v1/chargepoints/{Uri.EscapeDataString(chargePointId)}");
}
