using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Rpc;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

public sealed class InjectedTimeTests
{
    [Fact]
    public async Task Heartbeat_and_call_timeout_follow_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var cs = await TestCentralSystem.StartAsync(o =>
        {
            o.ConfigureAfterBoot = false;
            o.CallTimeout = TimeSpan.FromMinutes(10);
        }, clock, "CP-1");
        await using var client = await RawOcppClient.ConnectAsync(cs.UriFor("CP-1"), "CP-1", "key-CP-1");
        await client.BootAsync();

        var heartbeat = await client.ExchangeAsync("""[2,"h","Heartbeat",{}]""");
        var pending = cs.Client("CP-1").ResetAsync(new ResetRequest { Type = ResetType.Soft });
        await client.ReceiveFrameAsync();
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(50);
        pending.IsCompleted.Should().BeFalse("nine fake minutes are less than the timeout");
        clock.Advance(TimeSpan.FromMinutes(1));

        heartbeat[2]!["currentTime"]!.Value<DateTime>().ToUniversalTime().Should().Be(new DateTime(2030, 6, 1, 12, 0, 0, DateTimeKind.Utc));
        await FluentActions.Awaiting(() => pending).Should().ThrowAsync<OcppCallTimeoutException>();
    }
}
