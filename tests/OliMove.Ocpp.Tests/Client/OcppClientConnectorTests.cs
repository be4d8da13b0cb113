using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Client;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests.Client;

/// <summary>The client side of OCPP-J against our central system on real sockets: the identity and Basic
/// credentials of one charge point, the same RPC connection, and a route table for the central system's CALLs.</summary>
public class OcppClientConnectorTests
{
    private static readonly OcppClientConnector Connector = new(TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Connects_in_the_chargers_identity_and_both_sides_call_each_other()
    {
        // No configuration round after boot: the only GetConfiguration is the one this test sends.
        await using var central = await TestCentralSystem.StartAsync(o => o.ConfigureAfterBoot = false, "CP-7");
        var asked = new TaskCompletionSource<string>();
        var routes = new OcppRouteTable().Map<GetConfigurationRequest, GetConfigurationResponse>((_, request, _) =>
        {
            asked.TrySetResult(string.Join(",", request.Key ?? []));
            return ValueTask.FromResult(new GetConfigurationResponse { ConfigurationKey = [], UnknownKey = request.Key });
        });
        var options = new OcppClientOptions { CentralSystem = central.OcppBase, SecurityProfile = 1 };

        await using var connection = await Connector.ConnectAsync(options, "CP-7", "key-CP-7", routes, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var running = connection.RunAsync(stop.Token);
        var boot = await connection.CallAsync(
            new BootNotificationRequest { ChargePointVendor = "V", ChargePointModel = "M" });
        var answer = await central.Client("CP-7").GetConfigurationAsync(new GetConfigurationRequest { Key = ["HeartbeatInterval"] });

        boot.Status.Should().Be(RegistrationStatus.Accepted);
        central.Store.Boots.Should().ContainSingle(b => b.ChargePointId == "CP-7");
        (await asked.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("HeartbeatInterval");
        answer.UnknownKey.Should().Equal("HeartbeatInterval");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_forwarded_JSON_payload_goes_out_as_it_is()
    {
        await using var central = await TestCentralSystem.StartAsync(null, "CP-8");
        var options = new OcppClientOptions { CentralSystem = central.OcppBase, SecurityProfile = 1 };
        await using var connection = await Connector.ConnectAsync(options, "CP-8", "key-CP-8", new OcppRouteTable(), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        _ = connection.RunAsync(stop.Token);

        var reply = await connection.CallAsync(BootNotificationRequest.Action, JObject.Parse("""{"chargePointVendor":"V","chargePointModel":"M","firmwareVersion":"1.2.3"}"""));

        reply.Value<string>("status").Should().Be("Accepted");
        central.Store.Boots.Single().Boot.FirmwareVersion.Should().Be("1.2.3");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_wrong_key_is_a_refused_connection_whose_message_holds_no_key()
    {
        await using var central = await TestCentralSystem.StartAsync(null, "CP-9");
        var options = new OcppClientOptions { CentralSystem = central.OcppBase, SecurityProfile = 1 };

        var connect = () => Connector.ConnectAsync(options, "CP-9", "not-the-key-of-CP-9", new OcppRouteTable(), CancellationToken.None);

        (await connect.Should().ThrowAsync<OcppClientConnectException>()).Which.Message.Should().NotContain("not-the-key-of-CP-9");
    }

    [Theory]
    [InlineData("ws://127.0.0.1:1/ocpp", 2, "key-0123456789abcdef", "security profile 2 needs a wss:// central system address")]
    [InlineData("ws://127.0.0.1:1/ocpp", 1, null, "security profile 1 needs an AuthorizationKey for 'CP-1'")]
    [InlineData("http://127.0.0.1:1/ocpp", 0, null, "the central system address must be ws:// or wss://, not http://")]
    public async Task Refuses_what_its_security_profile_forbids_before_connecting(string url, int profile, string? key, string message)
    {
        var options = new OcppClientOptions { CentralSystem = new Uri(url), SecurityProfile = profile };

        var connect = () => Connector.ConnectAsync(options, "CP-1", key, new OcppRouteTable(), CancellationToken.None);

        (await connect.Should().ThrowAsync<OcppClientConnectException>()).Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task An_unreachable_central_system_is_a_connect_error_within_the_timeout()
    {
        var options = new OcppClientOptions { CentralSystem = new Uri("ws://127.0.0.1:1/ocpp"), ConnectTimeout = TimeSpan.FromSeconds(2) };

        var connect = () => Connector.ConnectAsync(options, "CP-1", null, new OcppRouteTable(), CancellationToken.None);

        await connect.Should().ThrowAsync<OcppClientConnectException>();
    }
}
