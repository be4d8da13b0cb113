using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

/// <summary>The action of a CALL comes from its request type: the types, the central system's routes and the
/// events they raise (docs/decisions/0200).</summary>
public sealed class ActionRoutingTests
{
    [Fact]
    public async Task Every_request_type_names_its_action_its_response_and_a_schema_of_that_action()
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var requests = typeof(IOcppRequest<,>).Assembly.GetTypes()
            .Select(t => (Type: t, Contract: t.GetInterfaces().SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOcppRequest<,>))))
            .Where(r => r.Contract is not null)
            .ToList();

        // Every core action has its type; of the security extension, those this central system handles or sends.
        var actions = requests.Select(r => (string)r.Type.GetProperty("Action")!.GetValue(null)!).ToList();
        actions.Should().OnlyHaveUniqueItems();
        actions.Should().Contain(OcppActions.FromChargePoint.Union(OcppActions.FromCentralSystem));
        actions.Except(OcppActions.FromChargePoint.Union(OcppActions.FromCentralSystem)).Should().BeEquivalentTo(
            ["SignCertificate", "SecurityEventNotification", "CertificateSigned", "InstallCertificate", "ExtendedTriggerMessage"]);
        foreach (var (type, contract) in requests)
        {
            var action = (string)type.GetProperty("Action")!.GetValue(null)!;
            type.Name.Should().Be(action + "Request");
            contract!.GetGenericArguments().Should().Equal(type, type.Assembly.GetType($"OliMove.Ocpp.Messages.{action}Response")!);
            OcppActions.IsKnown(action).Should().BeTrue(action);
            schemas.FindRequest(action).Should().NotBeNull(action);
            schemas.FindResponse(action).Should().NotBeNull(action);
        }
    }

    [Fact]
    public void The_action_is_not_part_of_the_payload()
    {
        OcppJson.ToPayload(new HeartbeatRequest()).ToString(Formatting.None).Should().Be("{}");
        OcppJson.ToPayload(new AuthorizeRequest { IdTag = "TAG-1" }).ToString(Formatting.None).Should().Be("""{"idTag":"TAG-1"}""");
    }

    [Fact]
    public void The_central_system_routes_exactly_the_core_actions_a_charge_point_sends_and_the_two_security_ones_it_handles()
    {
        var store = new InMemoryCentralSystemStore();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IChargePointDirectory>(store)
            .AddSingleton<IChargePointRecorder>(store)
            .AddSingleton<ITransactionStore>(store)
            .AddOcppCentralSystem();
        using var provider = services.BuildServiceProvider();

        var table = provider.GetRequiredService<CentralSystemRoutes>().For(new ChargePointSession("CP-1", null));

        table.Actions.Should().BeEquivalentTo(OcppActions.FromChargePoint.Union([SignCertificateRequest.Action, SecurityEventNotificationRequest.Action]));
    }

    [Fact]
    public async Task A_throwing_event_handler_stops_neither_the_reply_nor_the_other_handlers_and_a_removed_one_hears_nothing()
    {
        await using var cs = await TestCentralSystem.StartAsync(o => o.ConfigureAfterBoot = false);
        var removedHeard = 0;
        var heard = new TaskCompletionSource<ChargePointHeartbeat>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<ChargePointHeartbeat> removed = _ => Interlocked.Increment(ref removedHeard);
        cs.Events.Heartbeat += removed;
        cs.Events.Heartbeat += _ => throw new InvalidOperationException("a broken listener");
        cs.Events.Heartbeat += e => heard.TrySetResult(e);
        cs.Events.Heartbeat -= removed;
        await using var client = await RawOcppClient.ConnectAsync(cs.UriFor("CP-1"), "CP-1", "key-CP-1");
        await client.BootAsync();

        var reply = await client.ExchangeAsync("""[2,"hb-1","Heartbeat",{}]""");

        ((int)reply[0]!).Should().Be(3);
        (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5))).ChargePointId.Should().Be("CP-1");
        // The removed handler came first in the list: had it stayed, it would have run before the one that heard.
        removedHeard.Should().Be(0);
        ((int)(await client.ExchangeAsync("""[2,"hb-2","Heartbeat",{}]"""))[0]!).Should().Be(3, "the connection lives on");
    }
}
