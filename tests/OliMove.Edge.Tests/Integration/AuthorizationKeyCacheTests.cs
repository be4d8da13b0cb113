using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Hosting;
using OliMove.Edge.OcppAdapters;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Ocpp.CentralSystem;
using OliMove.SiteMap;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// Security profile 1 under a reconnect storm (issue 17; decisions 0227, 0228): a key that passed PBKDF2 is
/// remembered as a keyed hash until the site map changes, and wrong keys are limited per charger id and address.
/// </summary>
public class AuthorizationKeyCacheTests
{
    private const string Key = "correct-key-of-16+chars";

    [Fact]
    public void A_verified_key_is_remembered_only_for_its_charger_its_stored_hash_and_its_site_map()
    {
        var cache = new VerifiedKeyCache();
        var siteMap = new object();
        cache.Add(siteMap, "CP-1", "hash-1", Key);

        cache.Contains(siteMap, "CP-1", "hash-1", Key).Should().BeTrue();
        cache.Contains(siteMap, "CP-1", "hash-1", Key + "x").Should().BeFalse("another key");
        cache.Contains(siteMap, "CP-2", "hash-1", Key).Should().BeFalse("another charger");
        cache.Contains(siteMap, "CP-1", "hash-2", Key).Should().BeFalse("the site map now holds another hash for it");
        cache.Contains(new object(), "CP-1", "hash-1", Key).Should().BeFalse("a reloaded site map forgets every key");
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_reconnecting_charger_is_let_in_on_its_remembered_key_and_a_new_site_map_forgets_it()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 2, 50_000));
        var id = FieldSite.Id(1, 1);
        var directory = (SiteChargePointDirectory)host.Get<IChargePointDirectory>();

        (await ConnectAsync(host, id, $"demo-key-{id}")).Should().Be(HttpStatusCode.SwitchingProtocols);
        directory.VerifiedKeyCount.Should().Be(1, "the key passed PBKDF2 once and is remembered");
        (await ConnectAsync(host, id, $"demo-key-{id}")).Should().Be(HttpStatusCode.SwitchingProtocols);
        (await ConnectAsync(host, id, "demo-key-but-a-wrong-one")).Should().Be(HttpStatusCode.Unauthorized);

        // The technician gives the charger a new key: the old one must stop working at once.
        var site = host.Get<SiteState>();
        var newHash = AuthorizationKeyHash.Create("a-brand-new-key-0001");
        var yaml = FieldSite.Yaml(1, 2, 50_000).Replace(
            ExistingHash(FieldSite.Yaml(1, 2, 50_000), id), newHash, StringComparison.Ordinal);
        site.TryReplace(SiteMapLoader.LoadString(yaml, site.File)).Should().BeTrue();

        (await ConnectAsync(host, id, $"demo-key-{id}")).Should().Be(HttpStatusCode.Unauthorized, "the reload forgot the old key");
        (await ConnectAsync(host, id, "a-brand-new-key-0001")).Should().Be(HttpStatusCode.SwitchingProtocols);
    }

    [Fact]
    public async Task Too_many_wrong_keys_for_a_charger_are_refused_with_429_before_the_key_is_checked()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 2, 50_000));
        var id = FieldSite.Id(1, 2);
        var limit = host.Get<OcppCentralSystemOptions>().MaxAuthenticationFailuresPerChargePoint;

        for (var attempt = 0; attempt < limit; attempt++)
        {
            (await ConnectAsync(host, id, "guessing-the-key-000")).Should().Be(HttpStatusCode.Unauthorized);
        }

        (await ConnectAsync(host, id, "guessing-the-key-001")).Should().Be(HttpStatusCode.TooManyRequests);
        (await ConnectAsync(host, id, $"demo-key-{id}")).Should().Be(HttpStatusCode.TooManyRequests, "the lock holds for the window, whatever the key");
        (await ConnectAsync(host, FieldSite.Id(1, 1), $"demo-key-{FieldSite.Id(1, 1)}")).Should().Be(HttpStatusCode.SwitchingProtocols,
            "another charger at the same address is under the address limit");
    }

    [Fact]
    public void Failures_are_counted_per_charger_and_per_address_and_forgotten_after_the_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 4, 0, 0, TimeSpan.Zero));
        var limiter = new AuthenticationFailureLimiter(
            new OcppCentralSystemOptions { MaxAuthenticationFailuresPerChargePoint = 2, MaxAuthenticationFailuresPerAddress = 3, AuthenticationFailureWindow = TimeSpan.FromMinutes(1) },
            time);

        limiter.NoteFailure("CP-1", "10.0.0.9");
        limiter.RetryAfter("CP-1", "10.0.0.9").Should().BeNull();
        limiter.NoteFailure("CP-1", "10.0.0.9");
        limiter.RetryAfter("CP-1", "10.0.0.8").Should().Be(TimeSpan.FromMinutes(1), "the charger id is locked from any address");
        limiter.RetryAfter("CP-2", "10.0.0.9").Should().BeNull("the address has one failure left");
        limiter.NoteFailure("CP-3", "10.0.0.9");
        limiter.RetryAfter("CP-2", "10.0.0.9").Should().NotBeNull("the address is locked for every charger id");
        limiter.RetryAfter("CP-2", "10.0.0.7").Should().BeNull();

        time.Advance(TimeSpan.FromSeconds(45));
        limiter.RetryAfter("CP-1", null).Should().Be(TimeSpan.FromSeconds(15));
        time.Advance(TimeSpan.FromSeconds(15));
        limiter.RetryAfter("CP-1", "10.0.0.9").Should().BeNull("the window has passed");

        limiter.NoteFailure("CP-1", null);
        limiter.NoteFailure("CP-1", null);
        limiter.NoteSuccess("CP-1");
        limiter.RetryAfter("CP-1", null).Should().BeNull("a charger that authenticated starts afresh");
    }

    private static string ExistingHash(string yaml, string id)
    {
        var at = yaml.IndexOf("chargePointId: " + id, StringComparison.Ordinal);
        var start = yaml.IndexOf("authorizationKeyHash: \"", at, StringComparison.Ordinal) + "authorizationKeyHash: \"".Length;
        return yaml[start..yaml.IndexOf('"', start)];
    }

    private static async Task<HttpStatusCode> ConnectAsync(EdgeTestHost host, string id, string key)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{key}")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await socket.ConnectAsync(new Uri(host.OcppUri, id), timeout.Token);
            var status = socket.HttpStatusCode;
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            return status;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }
}
