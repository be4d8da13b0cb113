using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Configuration;
using OliMove.Edge.Security;
using OliMove.Edge.Testing;
using OliMove.Edge.Users;

namespace OliMove.Edge.Tests.Security;

/// <summary>
/// The API's attempt limits over real HTTP (issue 21; decision 0246): sign-in per login and per address, sign-up per
/// address, keystore export per user; past each limit 429 with Retry-After, lifted when its window has passed. Clients
/// play several addresses by binding to 127.0.0.x.
/// </summary>
public class ApiAttemptLimitTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Sign_in_past_the_logins_failures_is_refused_with_429_even_with_the_right_password_until_the_window_ends()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await EdgeTestHost.StartAsync(time, configure: o => o.Limits = new SecurityLimitsOptions { SignInFailuresPerLogin = 3, SignInWindowSeconds = 600 });
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        (await SignUpAsync(http, "alice", "CARD-A")).StatusCode.Should().Be(HttpStatusCode.Created);

        for (var i = 0; i < 3; i++)
        {
            (await SignInAsync(http, "alice", "wrong password " + i)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var refused = await SignInAsync(http, "alice", "wrong password 3");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(600));
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Contain("too many failed sign-ins");
        (await SignInAsync(http, "ALICE", Password)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the lock holds whatever the password or the login's case");

        time.Advance(TimeSpan.FromSeconds(600));
        (await SignInAsync(http, "alice", Password)).StatusCode.Should().Be(HttpStatusCode.OK, "the window has passed");
    }

    [Fact]
    public async Task Sign_in_failures_are_limited_per_address_across_logins_and_a_success_clears_the_logins_count()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await EdgeTestHost.StartAsync(time, configure: o => o.Limits = new SecurityLimitsOptions { SignInFailuresPerLogin = 2, SignInFailuresPerAddress = 4 });
        using var first = LoopbackClients.Client(host.BaseUri, 11);
        using var second = LoopbackClients.Client(host.BaseUri, 12);
        (await SignUpAsync(first, "bob", "CARD-B")).StatusCode.Should().Be(HttpStatusCode.Created);

        (await SignInAsync(first, "bob", "wrong password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SignInAsync(first, "bob", Password)).StatusCode.Should().Be(HttpStatusCode.OK, "a success does not count");
        (await SignInAsync(first, "bob", "wrong password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "bob's count started afresh");
        (await SignInAsync(first, "carol", "wrong password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SignInAsync(first, "dave", "wrong password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SignInAsync(first, "erin", "wrong password")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "127.0.0.11 has used its 4 failures (the success gave its attempt back)");
        (await SignInAsync(second, "erin", "wrong password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "127.0.0.12 has its own count");
        (await SignInAsync(second, "bob", Password)).StatusCode.Should().Be(HttpStatusCode.OK, "bob has one failure, under his limit of 2");
    }

    [Fact]
    public async Task Sign_ups_are_limited_per_address_and_a_malformed_one_does_not_count()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await EdgeTestHost.StartAsync(time, configure: o => o.Limits = new SecurityLimitsOptions { SignUpsPerAddress = 2, SignUpWindowSeconds = 3600 });
        using var http = LoopbackClients.Client(host.BaseUri, 21);

        (await http.PostAsJsonAsync("/api/v1/me/sign-up", new { login = "x" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SignUpAsync(http, "frank", "CARD-F")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await SignUpAsync(http, "frank", "CARD-G")).StatusCode.Should().Be(HttpStatusCode.Conflict, "a taken login counts: it tells who has an account");
        var refused = await SignUpAsync(http, "grace", "CARD-G");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3600));

        using var elsewhere = LoopbackClients.Client(host.BaseUri, 22);
        (await SignUpAsync(elsewhere, "grace", "CARD-G")).StatusCode.Should().Be(HttpStatusCode.Created);
        time.Advance(TimeSpan.FromHours(1));
        (await SignUpAsync(http, "heidi", "CARD-H")).StatusCode.Should().Be(HttpStatusCode.Created, "the window has passed");

        // The box's own address (its tools, a local proxy) is not limited per address (Limits.ExemptLocalhostFromAddressLimits).
        using var local = new HttpClient { BaseAddress = host.BaseUri };
        for (var i = 0; i < 3; i++)
        {
            (await SignUpAsync(local, $"local{i}", $"CARD-L{i}")).StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task Keystore_exports_are_limited_per_user()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await EdgeTestHost.StartAsync(time, configure: o =>
        {
            o.Limits = new SecurityLimitsOptions { KeystoreExportsPerUser = 2, KeystoreExportWindowSeconds = 3600 };
            WithWallets(o);
        });
        using var ivan = await SignedInAsync(host, "ivan", "CARD-I");
        using var judy = await SignedInAsync(host, "judy", "CARD-J");
        // A wallet comes with a bound card (decision 0241): the operator binds both.
        (await host.Get<CardBinding>().BindByOperatorAsync("ivan", "CARD-I", "test operator", CancellationToken.None)).Failure.Should().BeNull();
        (await host.Get<CardBinding>().BindByOperatorAsync("judy", "CARD-J", "test operator", CancellationToken.None)).Failure.Should().BeNull();

        (await ExportAsync(ivan)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ExportAsync(ivan)).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await ExportAsync(ivan);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3600));
        (await ExportAsync(judy)).StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per user");

        time.Advance(TimeSpan.FromHours(1));
        (await ExportAsync(ivan)).StatusCode.Should().Be(HttpStatusCode.OK, "the window has passed");
    }

    [Fact]
    public async Task Sign_ups_past_the_keystore_gate_and_its_queue_get_503_and_only_one_scrypt_runs_at_a_time()
    {
        await using var host = await EdgeTestHost.StartAsync(configure: o =>
        {
            o.Limits = new SecurityLimitsOptions { SignUpsPerAddress = 100, ParallelKeystoreJobs = 1, QueuedPerGate = 2 };
            // 32 MiB and some 100 ms per keystore: long enough for the burst to meet a busy gate.
            WithWallets(o, scryptN: 32_768);
        });
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        var gate = host.Get<WorkGates>().Keystores;

        // One keystore job runs (held here, so the burst meets a busy gate whatever the machine's speed): two sign-ups
        // wait in the queue and the other ten are refused at once.
        var held = await gate.TryEnterAsync(CancellationToken.None);
        held.Should().NotBeNull();
        var burst = Enumerable.Range(0, 12).Select(i => SignUpAsync(http, $"burst{i}", $"CARD-BURST-{i}")).ToList();
        await Poll.UntilAsync(() => burst.Count(t => t.IsCompleted) == 10 && gate.Waiting == 2, "ten refused and two waiting", seconds: 60);
        held!.Dispose();
        var answers = await Task.WhenAll(burst);

        var statuses = answers.Select(a => a.StatusCode).ToList();
        statuses.Count(s => s == HttpStatusCode.Created).Should().Be(2, "the two that waited run once the gate is free");
        statuses.Count(s => s == HttpStatusCode.ServiceUnavailable).Should().Be(10, "one runs and two wait; the others are refused at once");
        answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).Should().OnlyContain(a => a.Headers.RetryAfter!.Delta == TimeSpan.FromSeconds(1));
        host.Get<WorkGates>().Keystores.PeakRunning.Should().Be(1, "scrypt memory is bounded by one job at a time");
        (await SignUpAsync(http, "after-the-burst", "CARD-AFTER")).StatusCode.Should().Be(HttpStatusCode.Created, "a refused sign-up left nothing behind");
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_refused_with_413()
    {
        await using var host = await EdgeTestHost.StartAsync(configure: o => o.Limits = new SecurityLimitsOptions { MaxRequestBodyBytes = 64 * 1024 });
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using var user = await SignedInAsync(host, "kim", "CARD-K");

        // A JSON string that never ends within the limit, sent chunked (no Content-Length), to a path the attempt limits
        // read and to one only the endpoint reads.
        (await PostChunkedAsync(http, "/api/v1/me/sign-in")).Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await PostChunkedAsync(user, "/api/v1/me/requests")).Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await SignInAsync(http, "kim", Password)).StatusCode.Should().Be(HttpStatusCode.OK, "a refused body counts as no attempt");
    }

    private static async Task<HttpStatusCode> PostChunkedAsync(HttpClient http, string path)
    {
        var body = new MemoryStream();
        body.Write("{\"login\":\""u8);
        body.Write(Enumerable.Repeat((byte)'a', 256 * 1024).ToArray());
        body.Position = 0;
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the rest of the body is still being sent.
            return HttpStatusCode.RequestEntityTooLarge;
        }
    }

    internal static void WithWallets(EdgeOptions options, int scryptN = 1024)
    {
        var keyFile = Path.Combine(Path.GetDirectoryName(options.Database)!, "wallet-master.key");
        File.WriteAllText(keyFile, "a-test-master-key-of-32-characters");
        options.Chain.WalletMasterKeyFile = keyFile;
        options.Chain.KeystoreScryptN = scryptN;
    }

    internal static Task<HttpResponseMessage> SignUpAsync(HttpClient http, string login, string idTag) =>
        http.PostAsJsonAsync("/api/v1/me/sign-up", new { login, password = Password, idTag });

    internal static Task<HttpResponseMessage> SignInAsync(HttpClient http, string login, string password) =>
        http.PostAsJsonAsync("/api/v1/me/sign-in", new { login, password });

    private static Task<HttpResponseMessage> ExportAsync(HttpClient user) =>
        user.PostAsJsonAsync("/api/v1/me/wallet/keystore", new { accountPassword = Password, password = "an export password" });

    private static async Task<HttpClient> SignedInAsync(EdgeTestHost host, string login, string idTag)
    {
        var http = new HttpClient { BaseAddress = host.BaseUri };
        var signUp = await SignUpAsync(http, login, idTag);
        signUp.StatusCode.Should().Be(HttpStatusCode.Created, await signUp.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return http;
    }
}
