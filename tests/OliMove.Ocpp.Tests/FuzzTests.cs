using System.Text;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

/// <summary>
/// 100,000 random and mutated frames over a few connections. Every frame whose head is a readable CALL gets
/// exactly one reply with its id; every frame that is not JSON array gets one CALLERROR "-1"; responses and
/// unknown message types get nothing. The server never crashes and leaks no connection.
/// </summary>
public sealed class FuzzTests
{
    private const int Connections = 4;
    private const int FramesPerConnection = 25_000;
    private const int Batch = 500;

    private static readonly string[] Templates =
    [
        """{"chargePointVendor":"V","chargePointModel":"M","firmwareVersion":"1.0"}""",
        """{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"2026-01-01T00:00:00Z"}""",
        """{"idTag":"TAG-1"}""",
        """{"connectorId":1,"idTag":"TAG","meterStart":10,"timestamp":"2026-01-01T00:00:00Z"}""",
        """{"transactionId":5,"meterStop":20,"timestamp":"2026-01-01T01:00:00Z","reason":"Local"}""",
        """{"connectorId":1,"transactionId":5,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1.5","unit":"kWh"},{"value":"7","measurand":"Power.Active.Import","unit":"kW"}]}]}""",
        """{"vendorId":"X","messageId":"m","data":"d"}""",
        """{"status":"Uploading"}""",
        """{}""",
    ];

    private static readonly string[] Actions =
    [
        "BootNotification", "StatusNotification", "Authorize", "StartTransaction", "StopTransaction", "MeterValues",
        "DataTransfer", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "Reset", "Nonsense", "",
    ];

    [Fact]
    public async Task Survives_100000_random_and_mutated_frames_and_answers_each_as_the_spec_says()
    {
        await using var cs = await TestCentralSystem.StartAsync(o =>
        {
            o.ConfigureAfterBoot = false;
            o.MaxFrameBytes = 2048;
            o.ValidateOutgoing = false;
        }, Enumerable.Range(1, Connections).Select(i => $"FZ-{i}").ToArray());

        var results = await Task.WhenAll(Enumerable.Range(1, Connections).Select(i => FuzzOneConnectionAsync(cs, $"FZ-{i}", seed: i)));

        results.Sum(r => r.Sent).Should().BeGreaterThanOrEqualTo(100_000);
        results.Sum(r => r.Answered).Should().BeGreaterThan(50_000);
        results.Sum(r => r.Ignored).Should().BeGreaterThan(5_000);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cs.Registry.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        cs.Registry.Count.Should().Be(0, "every closed connection left the registry");
        await using var after = await RawOcppClient.ConnectAsync(cs.UriFor("FZ-1"), "FZ-1", "key-FZ-1");
        (await after.ExchangeAsync("""[2,"alive","Heartbeat",{}]"""))[1]!.ToString().Should().Be("alive");
    }

    private static async Task<(int Sent, int Answered, int Ignored)> FuzzOneConnectionAsync(TestCentralSystem cs, string id, int seed)
    {
        var random = new Random(seed);
        await using var client = await RawOcppClient.ConnectAsync(cs.UriFor(id), id, "key-" + id);
        await client.BootAsync();
        int sent = 0, answered = 0, ignored = 0, sentinel = 0;
        while (sent < FramesPerConnection)
        {
            var expected = new List<string>();
            for (var i = 0; i < Batch; i++, sent++)
            {
                var (frame, expectedId) = NextFrame(random, $"{id}-{sent}");
                await client.SendAsync(frame);
                if (expectedId is null)
                {
                    ignored++;
                }
                else
                {
                    expected.Add(expectedId);
                }
            }
            var sentinelId = $"sentinel-{sentinel++}";
            await client.SendAsync($$"""[2,"{{sentinelId}}","Heartbeat",{}]""");
            var replies = new List<string>();
            while (true)
            {
                var reply = await client.ReceiveFrameAsync(TimeSpan.FromSeconds(20));
                reply[0]!.Value<int>().Should().BeOneOf(3, 4);
                if (reply[0]!.Value<int>() == 4)
                {
                    reply.Should().HaveCount(5);
                    reply[4].Should().BeOfType<JObject>();
                }
                var replyId = reply[1]!.ToString();
                if (replyId == sentinelId)
                {
                    break;
                }
                replies.Add(replyId);
            }
            replies.Should().Equal(expected, "each answerable frame gets exactly one reply, in order");
            answered += replies.Count;
        }
        return (sent, answered, ignored);
    }

    /// <summary>A frame and the id its reply must carry (null: no reply expected).</summary>
    private static (string Frame, string? ExpectedReplyId) NextFrame(Random random, string id)
    {
        switch (random.Next(10))
        {
            case 0:
                // Not a JSON array at all: one CALLERROR with id "-1".
                return (RandomText(random, 1 + random.Next(60), notStartingWith: '['), "-1");
            case 1:
                // Responses and unknown message types are never answered.
                var type = random.Next(2) == 0 ? 3 + random.Next(2) : 5 + random.Next(50);
                return ($"[{type},\"{id}\",{Mutate(random, Templates[random.Next(Templates.Length)])}]", null);
            case 2:
                // Oversized CALL: FormationViolation, with its id.
                return ($$"""[2,"{{id}}","DataTransfer",{"vendorId":"X","data":"{{new string('x', 2100)}}"}]""", id);
            default:
                // A CALL with a readable head and a random or mutated payload: exactly one reply with its id.
                var action = Actions[random.Next(Actions.Length)];
                var payload = Mutate(random, Templates[random.Next(Templates.Length)]);
                return ($"[2,\"{id}\",\"{action}\",{payload}]", id);
        }
    }

    private static string Mutate(Random random, string json)
    {
        var builder = new StringBuilder(json);
        var mutations = random.Next(4);
        for (var m = 0; m < mutations && builder.Length > 0; m++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(5)));
                    break;
                case 1:
                    builder.Insert(at, RandomText(random, 1 + random.Next(4), notStartingWith: null));
                    break;
                case 2:
                    builder[at] = "{}[]\",:0123456789-.eE\\ntfu"[random.Next(26)];
                    break;
                default:
                    builder.Replace("\"1\"", "1").Replace(":1", ":\"1\"").Replace("\"Local\"", "\"Later\"");
                    break;
            }
        }
        return builder.ToString();
    }

    private static string RandomText(Random random, int length, char? notStartingWith)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(32, 127);
        }
        if (chars[0] == notStartingWith || char.IsWhiteSpace(chars[0]))
        {
            chars[0] = 'x';
        }
        return new string(chars);
    }
}
