using System.Net;
using System.Net.WebSockets;
using System.Text;
using OliMove.Edge.Security;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Ocpp.CentralSystem;

namespace OliMove.Edge.Tests.Security;

/// <summary>
/// OCPP Basic-auth limits (decision 0228) configured under Limits like the API's, counted before the key check so a
/// burst cannot slip through, and the PBKDF2 gate answering 503 when it is full (decision 0247). Real sockets.
/// </summary>
public class OcppAttemptLimitTests
{
    [Fact]
    public async Task The_OCPP_limits_come_from_the_Limits_section_and_answer_429_with_Retry_After()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 2, 50_000), configure: o =>
            o.Limits = new SecurityLimitsOptions { OcppFailuresPerChargePoint = 2, OcppFailuresPerAddress = 40, OcppFailureWindowSeconds = 90 });
        var options = host.Get<OcppCentralSystemOptions>();
        options.MaxAuthenticationFailuresPerChargePoint.Should().Be(2);
        options.MaxAuthenticationFailuresPerAddress.Should().Be(40);
        options.AuthenticationFailureWindow.Should().Be(TimeSpan.FromSeconds(90));

        var id = FieldSite.Id(1, 1);
        (await ConnectAsync(host, id, "wrong-key-number-0001")).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await ConnectAsync(host, id, "wrong-key-number-0002")).Status.Should().Be(HttpStatusCode.Unauthorized);
        var refused = await ConnectAsync(host, id, $"demo-key-{id}");
        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        int.Parse(refused.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 90);
    }

    [Fact]
    public async Task A_burst_of_concurrent_wrong_keys_under_one_id_gets_at_most_the_limit_of_key_checks()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 2, 50_000), configure: o =>
            o.Limits = new SecurityLimitsOptions { OcppFailuresPerChargePoint = 3, QueuedPerGate = 100 });
        var id = FieldSite.Id(1, 2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => ConnectAsync(host, id, $"guessed-key-number-{i:0000}")));

        answers.Count(a => a.Status == HttpStatusCode.Unauthorized).Should().Be(3, "each attempt is counted before its key is checked");
        answers.Count(a => a.Status == HttpStatusCode.TooManyRequests).Should().Be(27);
    }

    [Fact]
    public async Task Key_checks_past_the_password_gate_and_its_queue_get_503_and_count_no_failure()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 8, 100_000), configure: o =>
            o.Limits = new SecurityLimitsOptions { ParallelPasswordChecks = 1, QueuedPerGate = 0, OcppFailuresPerChargePoint = 1 });
        var ids = FieldSite.Ids(1, 8).ToList();
        var gate = host.Get<WorkGates>().Passwords;

        // While one key check runs (held here, so the overlap does not depend on timing), every other is refused at once.
        var held = await gate.TryEnterAsync(CancellationToken.None);
        held.Should().NotBeNull();
        var whileBusy = await Task.WhenAll(ids.Take(4).Select(id => ConnectAsync(host, id, "a-wrong-key-for-them-all")));
        held!.Dispose();

        whileBusy.Should().OnlyContain(a => a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter == "1", "one PBKDF2 runs and none may wait");

        // A charger refused for "busy" was not counted: with a limit of one failure it still gets in on its own key.
        (await ConnectAsync(host, ids[0], $"demo-key-{ids[0]}")).Status.Should().Be(HttpStatusCode.SwitchingProtocols);

        // Concurrent checks on a free gate: never more than one PBKDF2 at a time, each answer a refusal of one kind.
        var concurrent = await Task.WhenAll(ids.Skip(4).Select(id => ConnectAsync(host, id, "a-wrong-key-for-them-all")));
        concurrent.Should().OnlyContain(a => a.Status == HttpStatusCode.Unauthorized || a.Status == HttpStatusCode.ServiceUnavailable);
        gate.PeakRunning.Should().Be(1);
    }

    internal static async Task<(HttpStatusCode Status, string? RetryAfter)> ConnectAsync(EdgeTestHost host, string id, string key, HttpMessageInvoker? invoker = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("ocpp1.6");
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{key}")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(new Uri(host.OcppUri, id), invoker, timeout.Token);
            var status = socket.HttpStatusCode;
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            return (status, null);
        }
        catch (WebSocketException)
        {
            var retryAfter = socket.HttpResponseHeaders?.TryGetValue("Retry-After", out var values) == true ? values.FirstOrDefault() : null;
            return (socket.HttpStatusCode, retryAfter);
        }
    }
}
