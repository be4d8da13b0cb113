using System.Net;
using System.Net.Http.Json;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 21: a brute-force run against the real service leaves its chargers answered within their normal latency.
/// Short form 200 wrong keys and 200 wrong passwords from 4 addresses in 10 s; long form (RELIABILITY_SCALE=long,
/// tools/bench/security/brute-force) 1,000 and 1,000 from 10 addresses in 60 s.
/// </summary>
public class BruteForceTests
{
    [Fact]
    public async Task Wrong_keys_and_passwords_from_several_addresses_leave_the_chargers_answered_within_their_normal_latency()
    {
        var run = new BruteForceRun
        {
            WrongKeys = ReliabilityScale.IsLong ? 1_000 : 200,
            WrongPasswords = ReliabilityScale.IsLong ? 1_000 : 200,
            Addresses = ReliabilityScale.IsLong ? 10 : 4,
            Spread = TimeSpan.FromSeconds(ReliabilityScale.IsLong ? 60 : 10),
        };
        var directory = Directory.CreateTempSubdirectory("olimove-brute-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), TestSiteMap.Yaml(2, 5, 50_000));
        await using var edge = await EdgeProcess.StartAsync(directory, EdgeProcess.FreePort());
        using (var http = new HttpClient { BaseAddress = edge.BaseUri })
        {
            (await http.PostAsJsonAsync("/api/v1/me/sign-up", new { login = "driver", password = "the driver's own password", idTag = "CARD-DRIVER" }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var ids = TestSiteMap.Ids(2, 5).ToList();
        var result = await run.RunAsync(edge.BaseUri, edge.OcppUri, ids.Take(3).ToList(), ids.Skip(3).ToList(), "driver");
        ReliabilityScale.Report(nameof(BruteForceTests), result.Figures());

        // Each charger id and address gets only its few checks (401); all other attempts are refused before any work,
        // by a limit (429) or by the full gate on key derivation (503), whichever the pace of the flood and the load of
        // the machine make it meet first (a 503 counts no attempt, so on a slow machine the gate sheds nearly all).
        result.Outcomes.Should().OnlyContain(o => o.Status == 401 || o.Status == 429 || o.Status == 503, "every attempt is answered, none gets in");
        result.Count("key", 401).Should().BeLessThanOrEqualTo(7 * 5, "5 failures per charger id for the 7 attacked ids");
        result.Count("password", 401).Should().BeLessThanOrEqualTo(run.Addresses * 20, "20 failed sign-ins per address");

        // The chargers: answered throughout, and within their normal round trip (the machine is shared: a margin).
        BruteForceResult.Percentile(result.DuringMs, 0.5).Should().BeLessThanOrEqualTo(BruteForceResult.Percentile(result.BaselineMs, 0.5) + 100, result.Figures());
        BruteForceResult.Percentile(result.DuringMs, 0.95).Should().BeLessThanOrEqualTo(BruteForceResult.Percentile(result.BaselineMs, 0.95) + 300, result.Figures());
        edge.Output.Should().NotContain("guessed-key-", "wrong keys are never logged");
        Directory.Delete(directory, recursive: true);
    }
}
