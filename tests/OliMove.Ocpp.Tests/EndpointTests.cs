using System.Net;
using System.Net.WebSockets;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

public sealed class EndpointTests
{
    private static readonly Action<OcppCentralSystemOptions> Quiet = o => o.ConfigureAfterBoot = false;

    [Fact]
    public async Task Refuses_an_unknown_charge_point_with_404()
    {
        await using var cs = await TestCentralSystem.StartAsync(Quiet, "CP-1");

        (await RawOcppClient.RefusalAsync(cs.UriFor("CP-9"), "CP-9", "key-CP-9")).Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Refuses_missing_or_wrong_basic_credentials_with_401_before_the_upgrade()
    {
        await using var cs = await TestCentralSystem.StartAsync(Quiet, "CP-1", "CP-2");

        (await RawOcppClient.RefusalAsync(cs.UriFor("CP-1"))).Should().Be(HttpStatusCode.Unauthorized);
        (await RawOcppClient.RefusalAsync(cs.UriFor("CP-1"), "CP-1", "wrong")).Should().Be(HttpStatusCode.Unauthorized);
        (await RawOcppClient.RefusalAsync(cs.UriFor("CP-1"), "CP-2", "key-CP-2")).Should().Be(HttpStatusCode.Unauthorized, "the user must be the charge point id");
        cs.Registry.Count.Should().Be(0);
    }

    [Fact]
    public async Task Accepts_the_right_key_with_subprotocol_ocpp16()
    {
        await using var cs = await TestCentralSystem.StartAsync(Quiet, "CP 1/α");
        await using var client = await RawOcppClient.ConnectAsync(cs.UriFor("CP 1/α"), "CP 1/α", "key-CP 1/α");

        client.SubProtocol.Should().Be("ocpp1.6");
        (await client.BootAsync())[2]!["status"]!.ToString().Should().Be("Accepted");
        cs.Registry.ConnectedIds.Should().Equal("CP 1/α");
    }

    [Fact]
    public async Task Completes_the_handshake_without_subprotocol_and_then_closes()
    {
        await using var cs = await TestCentralSystem.StartAsync(Quiet);
        await using var client = await RawOcppClient.ConnectAsync(cs.UriFor("CP-1"), "CP-1", "key-CP-1", subProtocol: null);

        client.SubProtocol.Should().BeNull();
        (await client.ReceiveAsync()).Should().BeNull("the server closes the connection");
    }

    [Fact]
    public async Task A_second_connection_replaces_the_first()
    {
        await using var cs = await TestCentralSystem.StartAsync(Quiet);
        var disconnected = new TaskCompletionSource<ChargePointDisconnected>(TaskCreationOptions.RunContinuationsAsynchronously);
        cs.Events.Disconnected += e => disconnected.TrySetResult(e);
        await using var first = await RawOcppClient.ConnectAsync(cs.UriFor("CP-1"), "CP-1", "key-CP-1");
        await first.BootAsync();

        await using var second = await RawOcppClient.ConnectAsync(cs.UriFor("CP-1"), "CP-1", "key-CP-1");

        (await first.ReceiveAsync()).Should().BeNull("the first connection is closed");
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        cs.Registry.ConnectedIds.Should().Equal("CP-1");
        var heartbeat = await second.ExchangeAsync("""[2,"h","Heartbeat",{}]""");
        heartbeat[0]!.Value<int>().Should().Be(3, "the charger was accepted on its first connection and need not boot again");
    }

    [Fact]
    public async Task Profile_2_refuses_plain_ws_even_with_the_right_key()
    {
        await using var cs = await TestCentralSystem.StartAsync(o =>
        {
            o.ConfigureAfterBoot = false;
            o.SecurityProfile = OcppSecurityProfile.TlsWithBasicAuth;
        });

        (await RawOcppClient.RefusalAsync(cs.UriFor("CP-1"), "CP-1", "key-CP-1")).Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Profile_none_lets_known_chargers_in_without_credentials()
    {
        await using var cs = await TestCentralSystem.StartAsync(o =>
        {
            o.ConfigureAfterBoot = false;
            o.SecurityProfile = OcppSecurityProfile.None;
        });
        await using var client = await RawOcppClient.ConnectAsync(cs.UriFor("CP-1"));

        client.State.Should().Be(WebSocketState.Open);
    }
}
