using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.SiteMap;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>Issue 12, bad input: random and mutated input at every entry point. Counts go to the report.</summary>
public class FuzzTests
{
    private static readonly string[] Actions =
    [
        "BootNotification", "Heartbeat", "StatusNotification", "StartTransaction", "StopTransaction", "MeterValues",
        "Authorize", "DataTransfer", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "NoSuchAction", "",
    ];

    private static readonly JsonNode?[] Values =
    [
        null, 0, -1, 1, int.MaxValue, long.MinValue, 1e308, -0.5, "", "x", new string('A', 3000), "2026-13-45T99:99:99Z",
        "1970-01-01T00:00:00Z", true, false, new JsonArray(), new JsonObject(), "Charging", "Available", "Energy.Active.Import.Register",
    ];

    private static readonly string[] Fields =
    [
        "connectorId", "idTag", "meterStart", "meterStop", "timestamp", "transactionId", "status", "errorCode", "meterValue",
        "sampledValue", "value", "measurand", "chargePointVendor", "chargePointModel", "vendorId", "reason", "__proto__", "",
    ];

    [Fact]
    public async Task The_OCPP_endpoint_survives_random_and_mutated_frames_and_stores_only_what_it_acknowledged()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000));
        var id = TestSiteMap.Id(1, 1);
        await using var client = await RawOcppClient.ConnectAsync(host.OcppUri, id, TestSiteMap.Key(id));
        (await client.BootAsync()).Should().NotBeNull();
        var random = new Random(1);
        var cases = ReliabilityScale.FuzzCases;
        var callErrors = 0;
        var acceptedStarts = 0;
        var unanswered = 0;
        for (var i = 0; i < cases; i++)
        {
            var (frame, action, messageId) = Mutant(random, i);
            await client.SendTextAsync(frame);
            if (messageId is null)
            {
                unanswered++;
                continue; // no parseable id: OCPP-J §4.2.3 gives nothing to reply to
            }

            var reply = await ReplyToAsync(client, messageId);
            if (reply is null)
            {
                unanswered++;
            }
            else if (reply[0]!.GetValue<int>() == 4)
            {
                callErrors++;
            }
            else if (action == "StartTransaction")
            {
                acceptedStarts++;
            }

            if (i % 250 == 0)
            {
                client.State.Should().Be(WebSocketState.Open, $"the connection survives case {i}: {frame}");
            }
        }

        client.State.Should().Be(WebSocketState.Open);
        var heartbeat = await client.CallAsync("Heartbeat", []);
        heartbeat![0]!.GetValue<int>().Should().Be(3, "the charger is still served after the fuzzing");
        var stored = await SiteDatabase.ScalarAsync(host.Options.Database, "SELECT COUNT(*) FROM transactions");
        stored.Should().BeLessThanOrEqualTo(acceptedStarts, "a refused StartTransaction changes nothing");
        ReliabilityScale.Report("OCPP fuzz", string.Create(CultureInfo.InvariantCulture,
            $"{cases} frames: {callErrors} CALLERROR, {cases - callErrors - unanswered} CALLRESULT, {unanswered} unanswerable (no id), 0 crashes, connection open; {stored} transactions stored for {acceptedStarts} accepted starts"));
    }

    [Fact]
    public async Task The_HTTP_API_answers_random_requests_with_4xx_at_worst_and_changes_nothing()
    {
        var viewer = ApiTokenHash.NewToken();
        var operatorToken = ApiTokenHash.NewToken();
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 2, 22_000), configure: o => o.Api.Tokens =
        [
            new ApiTokenOptions { Name = "viewer", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(viewer) },
            new ApiTokenOptions { Name = "operator", Role = "operator", Sha256 = ApiTokenHash.Sha256Hex(operatorToken) },
        ]);
        // The outbox gets its two start-up items from a background service; wait for them before the baseline.
        await Poll.UntilAsync(async () => await SiteDatabase.ScalarAsync(host.Options.Database, "SELECT COUNT(*) FROM chain_outbox") >= 2, "the start-up outbox items are queued");
        var before = await StateFingerprintAsync(host.Options.Database);
        using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
        var random = new Random(2);
        string[] paths =
        [
            "api/v1/health", "api/v1/site", "api/v1/sessions", "api/v1/chargepoints", "api/v1/requests", "api/v1/users/1/wallet",
            "api/v1/site/../health", "api/v1/%00", "api/v1/site?x=1", "api/v1/" + new string('a', 2000), "api/v1/sessions/-1",
            "api/v1/sessions/99999999999999999999", "api/v1/tokens", "api/v1/events",
        ];
        HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options];
        var byClass = new Dictionary<int, int>();
        var cases = ReliabilityScale.FuzzCases / 2;
        for (var i = 0; i < cases; i++)
        {
            var path = paths[random.Next(paths.Length)];
            if (random.Next(2) == 0)
            {
                path += "?" + string.Join("&", Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"{RandomText(random, 8)}={Uri.EscapeDataString(RandomText(random, 30))}"));
            }

            using var request = new HttpRequestMessage(methods[random.Next(methods.Length)], path);
            switch (random.Next(5))
            {
                case 0: break;
                case 1: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + viewer); break;
                case 2: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + operatorToken); break;
                case 3: request.Headers.TryAddWithoutValidation("Authorization", RandomAscii(random, 60)); break;
                default: request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(RandomText(random, 20)))); break;
            }

            request.Headers.TryAddWithoutValidation(RandomHeaderName(random), RandomAscii(random, 40));
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            {
                request.Content = new StringContent(RandomJson(random, 0)?.ToJsonString() ?? "null", Encoding.UTF8, random.Next(3) == 0 ? "text/plain" : "application/json");
            }

            // Headers only: /api/v1/events is a live stream (SSE) that never ends; its status is what counts.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            status.Should().BeLessThan(500, $"{request.Method} {path} must never fail on the server");
            byClass[status] = byClass.GetValueOrDefault(status) + 1;
        }

        (await StateFingerprintAsync(host.Options.Database)).Should().Be(before, "no random request changed the stored state");
        ReliabilityScale.Report("HTTP API fuzz", $"{cases} requests: " + string.Join(", ", byClass.OrderBy(k => k.Key).Select(k => $"{k.Key}×{k.Value}")) + "; 0 × 5xx; state unchanged");
    }

    [Fact]
    public void The_site_map_loader_answers_mutated_YAML_with_a_clean_error_list_and_never_throws()
    {
        var original = File.ReadAllText(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "demo.yaml"));
        var lines = original.Split('\n');
        var random = new Random(3);
        var cases = ReliabilityScale.FuzzCases;
        var valid = 0;
        var invalid = 0;
        string[] tokens = ["-", ":", "  ", "\t", "{", "}", "[", "]", "&a", "*a", "!!binary", "~", "null", "1e999", "-5", "\"", "'", "%", "@", "|", ">", "<<: *a", "\u0000", "\uFEFF", "?"];
        for (var i = 0; i < cases; i++)
        {
            var mutated = lines.ToList();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(mutated.Count);
                switch (random.Next(6))
                {
                    case 0: mutated.RemoveAt(at); break;
                    case 1: mutated.Insert(at, mutated[random.Next(mutated.Count)]); break;
                    case 2: mutated[at] = mutated[at].Insert(random.Next(mutated[at].Length + 1), tokens[random.Next(tokens.Length)]); break;
                    case 3: mutated[at] = mutated[at].Length > 0 ? mutated[at].Remove(random.Next(mutated[at].Length), 1) : "x"; break;
                    case 4: mutated = mutated.Take(at).ToList(); break;
                    default: mutated[at] = System.Text.RegularExpressions.Regex.Replace(mutated[at], "[0-9]+", _ => random.Next(-100000, 10_000_000).ToString(CultureInfo.InvariantCulture)); break;
                }

                if (mutated.Count == 0)
                {
                    mutated.Add("");
                }
            }

            var text = string.Join('\n', mutated);
            SiteMapLoadResult result;
            var load = () => result = SiteMapLoader.LoadString(text);
            load.Should().NotThrow($"case {i}:\n{text}");
            result = SiteMapLoader.LoadString(text);
            if (result.IsValid)
            {
                valid++;
                result.Topology.Should().NotBeNull();
            }
            else
            {
                invalid++;
                result.Errors.Should().NotBeEmpty().And.OnlyContain(e => e.Message.Length > 0 && e.Line >= 0);
            }
        }

        ReliabilityScale.Report("site-map fuzz", string.Create(CultureInfo.InvariantCulture, $"{cases} mutated maps: {invalid} refused with an error list, {valid} still valid, 0 exceptions"));
    }

    /// <summary>Row counts of every table a request could change. slot_plans is left out: the slot loop commits a
    /// finished slot on its own clock, whatever the requests do.</summary>
    public static async Task<string> StateFingerprintAsync(string database)
    {
        var counts = new List<string>();
        foreach (var table in new[] { "charge_points", "connectors", "transactions", "meter_values", "users", "charging_requests", "chain_outbox", "api_tokens", "session_settlements" })
        {
            try
            {
                counts.Add($"{table}={await SiteDatabase.ScalarAsync(database, $"SELECT COUNT(*) FROM {table}")}");
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                counts.Add($"{table}=absent");
            }
        }

        return string.Join(",", counts);
    }

    private static (string Frame, string? Action, string? MessageId) Mutant(Random random, int i)
    {
        var messageId = $"fz-{i}";
        var action = Actions[random.Next(Actions.Length)];
        var payload = new JsonObject();
        for (var f = random.Next(0, 6); f > 0; f--)
        {
            payload[Fields[random.Next(Fields.Length)]] = Values[random.Next(Values.Length)]?.DeepClone();
        }

        var body = payload.ToJsonString();
        var frame = $"[2,\"{messageId}\",\"{action}\",{body}]";
        switch (random.Next(10))
        {
            case 0: return (RandomText(random, random.Next(0, 200)), null, null); // not JSON
            case 1: return (frame[..random.Next(frame.Length)], null, null); // truncated
            case 2: return ($"[{random.Next(-2, 9) * 2 + 1},\"{messageId}\",\"{action}\",{body}]", null, null); // bad or odd type id
            case 3: return ($"[3,\"{messageId}\",{body}]", null, null); // an unsolicited CALLRESULT
            case 4: return ($"[2,\"{messageId}\",\"{action}\",{body},\"extra\"]", action, messageId);
            case 5: return ($"[2,\"{messageId}\",\"{action}\",\"not an object\"]", action, messageId);
            default: return (frame, action, messageId);
        }
    }

    private static async Task<JsonArray?> ReplyToAsync(RawOcppClient client, string messageId)
    {
        while (true)
        {
            var text = await client.ReceiveTextAsync(TimeSpan.FromSeconds(5));
            if (text is null)
            {
                return null;
            }

            var array = JsonNode.Parse(text)!.AsArray();
            if (array[0]!.GetValue<int>() == 2)
            {
                // The central system's own CALLs (configuration after boot): answer plainly so they do not pile up.
                await client.SendTextAsync(new JsonArray(3, array[1]!.GetValue<string>(), new JsonObject { ["status"] = "Accepted", ["configurationKey"] = new JsonArray() }).ToJsonString());
                continue;
            }

            if (array[1]!.GetValue<string>() == messageId)
            {
                return array;
            }
        }
    }

    private static JsonNode? RandomJson(Random random, int depth) => random.Next(depth > 2 ? 4 : 7) switch
    {
        0 => null,
        1 => random.Next(),
        2 => RandomText(random, 20),
        3 => random.Next(2) == 0,
        4 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(5)).Select(k => new KeyValuePair<string, JsonNode?>(Fields[random.Next(Fields.Length)] + k, RandomJson(random, depth + 1)))),
    };

    private static string RandomText(Random random, int length)
    {
        const string Alphabet = "abcXYZ019 _-./\\%$&?=#:;,'\"<>{}[]()*!~`\u00e9\u4e2d";
        return new string(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
    }

    /// <summary>Header values: HTTP/1.1 carries ASCII only, so HttpClient refuses anything else before sending.</summary>
    private static string RandomAscii(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray());

    private static string RandomHeaderName(Random random) =>
        new[] { "X-Forwarded-For", "X-Forwarded-Host", "Accept", "Accept-Language", "If-None-Match", "Range", "X-Http-Method-Override", "Origin" }[random.Next(8)];
}
