using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

/// <summary>Calls from the central system: one outstanding at a time, queued, correlated by id, timed out,
/// crossing with calls from the charger (OCPP-J 1.6 §4.1.1, errata 3.5).</summary>
public sealed class OutgoingCallTests : IAsyncLifetime
{
    private TestCentralSystem _cs = null!;
    private RawOcppClient _client = null!;

    public async Task InitializeAsync()
    {
        _cs = await TestCentralSystem.StartAsync(o =>
        {
            o.ConfigureAfterBoot = false;
            o.CallTimeout = TimeSpan.FromMilliseconds(1500);
        });
        _client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), "CP-1", "key-CP-1");
        await _client.BootAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _cs.DisposeAsync();
    }

    [Fact]
    public async Task A_call_without_reply_times_out_and_frees_the_slot()
    {
        var client = _cs.Client("CP-1");

        var unanswered = client.UnlockConnectorAsync(new UnlockConnectorRequest { ConnectorId = 1 });
        var first = await _client.ReceiveFrameAsync();
        await FluentActions.Awaiting(() => unanswered).Should().ThrowAsync<OcppCallTimeoutException>();

        var next = client.ResetAsync(new ResetRequest { Type = ResetType.Soft });
        var second = await _client.ReceiveFrameAsync();
        await _client.SendAsync($$"""[3,"{{first[1]}}",{"status":"Unlocked"}]""");
        await _client.SendAsync($$"""[3,"{{second[1]}}",{"status":"Accepted"}]""");

        (await next).Status.Should().Be(AcceptanceStatus.Accepted, "the late reply to the timed-out call is not taken for this one");
        second[1]!.ToString().Should().NotBe(first[1]!.ToString());
    }

    [Fact]
    public async Task Sends_one_call_at_a_time_and_queues_the_others()
    {
        var client = _cs.Client("CP-1");

        var a = client.ChangeAvailabilityAsync(new ChangeAvailabilityRequest { ConnectorId = 1, Type = AvailabilityType.Inoperative });
        var b = client.ChangeAvailabilityAsync(new ChangeAvailabilityRequest { ConnectorId = 2, Type = AvailabilityType.Inoperative });
        var firstCall = await _client.ReceiveFrameAsync();
        var next = _client.ReceiveFrameAsync();
        await Task.Delay(150);
        next.IsCompleted.Should().BeFalse("the second call waits for the first reply");
        await _client.SendAsync($$"""[3,"{{firstCall[1]}}",{"status":"Accepted"}]""");
        var secondCall = await next;
        await _client.SendAsync($$"""[3,"{{secondCall[1]}}",{"status":"Scheduled"}]""");

        (await a).Status.Should().Be(AvailabilityStatus.Accepted);
        (await b).Status.Should().Be(AvailabilityStatus.Scheduled);
        firstCall[3]!["connectorId"]!.Value<int>().Should().Be(1);
        secondCall[3]!["connectorId"]!.Value<int>().Should().Be(2);
    }

    [Fact]
    public async Task Calls_from_both_sides_may_cross()
    {
        var client = _cs.Client("CP-1");

        var ours = client.GetConfigurationAsync(new GetConfigurationRequest());
        var call = await _client.ReceiveFrameAsync();
        // The charger sends its own CALL before answering ours; both get answered.
        var heartbeat = await _client.ExchangeAsync("""[2,"cp-1","Heartbeat",{}]""");
        await _client.SendAsync($$"""[3,"{{call[1]}}",{"configurationKey":[{"key":"K","readonly":true,"value":"V"}]}]""");

        heartbeat[0]!.Value<int>().Should().Be(3);
        heartbeat[1]!.ToString().Should().Be("cp-1");
        (await ours).ConfigurationKey.Should().ContainSingle().Which.Value.Should().Be("V");
    }

    [Fact]
    public async Task A_callerror_or_an_invalid_reply_reaches_the_caller_as_an_exception()
    {
        var client = _cs.Client("CP-1");

        var refused = client.ResetAsync(new ResetRequest { Type = ResetType.Hard });
        var call = await _client.ReceiveFrameAsync();
        await _client.SendAsync($$"""[4,"{{call[1]}}","NotSupported","no resets here",{}]""");
        (await FluentActions.Awaiting(() => refused).Should().ThrowAsync<OcppCallErrorException>()).Which.ErrorCode.Should().Be("NotSupported");

        var invalid = client.ResetAsync(new ResetRequest { Type = ResetType.Hard });
        call = await _client.ReceiveFrameAsync();
        await _client.SendAsync($$"""[3,"{{call[1]}}",{"status":"Maybe"}]""");
        (await FluentActions.Awaiting(() => invalid).Should().ThrowAsync<OcppCallErrorException>()).Which.ErrorCode.Should().Be("PropertyConstraintViolation");
    }

    [Fact]
    public async Task A_pending_call_fails_when_the_charger_disconnects()
    {
        var client = _cs.Client("CP-1");

        var pending = client.ResetAsync(new ResetRequest { Type = ResetType.Hard });
        await _client.ReceiveFrameAsync();
        _client.Abort();

        await FluentActions.Awaiting(() => pending).Should().ThrowAsync<OcppConnectionClosedException>();
        client.IsConnected.Should().BeFalse();
    }

    [Fact]
    public async Task Refuses_to_send_a_request_that_breaks_its_schema()
    {
        var client = _cs.Client("CP-1");

        await FluentActions.Awaiting(() => client.ChangeConfigurationAsync(new ChangeConfigurationRequest { Key = new string('k', 51), Value = "1" }))
            .Should().ThrowAsync<ArgumentException>();
    }
}
