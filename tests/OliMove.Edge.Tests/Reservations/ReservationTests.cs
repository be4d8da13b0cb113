using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Reservations;

/// <summary>
/// A promise names a connector: the charger holds it for the driver's idTag (ReserveNow), refuses anyone else,
/// starts for the driver with the reservationId, and lets it go when the request is cancelled. Real OCPP over real
/// WebSockets against the simulator, which honours reservations as firmware does.
/// </summary>
public class ReservationTests
{
    private const string ChargePointId = "OLI-DEMO-10";

    [Fact]
    public async Task Another_idTag_is_refused_at_the_reserved_connector_and_the_driver_gets_the_promise()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = await ConnectedChargerAsync(host, supportsReservations: true);
        using var http = await SignedInAsync(host, "ada", "TAG-ADA");

        var answer = await AskAsync(http);
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        answer.GetProperty("connectorHeld").GetBoolean().Should().BeTrue(answer.ToString());
        var requestId = answer.GetProperty("id").GetInt64();
        cp.Connectors[0].ReservationId.Should().Be((int)requestId);
        cp.Connectors[0].ReservedIdTag.Should().Be("TAG-ADA");

        var someoneElse = async () => await cp.StartTransactionAsync(1, "TAG-OTHER", new FixedLimitCar(11_000));
        await someoneElse.Should().ThrowAsync<ConnectorReservedException>();
        (await host.Get<TransactionRepository>().ListActiveAsync()).Should().BeEmpty("the charger refused the other car locally");

        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        var transactionId = cp.TransactionIdOn(1);
        transactionId.Should().NotBeNull();
        cp.Connectors[0].ReservationId.Should().BeNull("the driver's start used the reservation");
        var requests = host.Get<ChargingRequestRepository>();
        await Poll.UntilAsync(() => requests.GetAsync(requestId).GetAwaiter().GetResult() is { State: ChargingRequestState.Active }, "the request is bound to the driver's session");
        await Poll.UntilAsync(() => host.Get<PlanBoard>().Session($"{ChargePointId}/1") is { } s && s.Snapshot.SessionId == $"tx-{transactionId}", "the session is planned");
        var planned = host.Get<PlanBoard>().Session($"{ChargePointId}/1")!.Value;
        planned.Snapshot.Accepted.Should().BeTrue("the promise carries over to the driver's session");
        planned.Snapshot.EnergyRequestedWh.Should().Be(6_000);
        planned.Plan.PlannedWh.Should().BeGreaterThanOrEqualTo(planned.Plan.NeedWh!.Value, "the plan delivers the promised energy by the departure");
        planned.Plan.Status.Should().Be(OliMove.Scheduling.SessionStatus.OnTrack);
    }

    [Fact]
    public async Task Cancelling_the_request_sends_CancelReservation_and_frees_the_connector()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = await ConnectedChargerAsync(host, supportsReservations: true);
        using var http = await SignedInAsync(host, "bea", "TAG-BEA");
        var requestId = (await AskAsync(http)).GetProperty("id").GetInt64();
        cp.Connectors[0].ReservationId.Should().Be((int)requestId);

        (await http.PostAsync($"/api/v1/me/requests/{requestId}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        lock (cp.ReceivedActions)
        {
            cp.ReceivedActions.Should().Contain("CancelReservation");
        }

        cp.Connectors[0].ReservationId.Should().BeNull();
        await cp.StartTransactionAsync(1, "TAG-OTHER", new FixedLimitCar(11_000));
        cp.TransactionIdOn(1).Should().NotBeNull("a free connector starts for anyone");
    }

    [Fact]
    public async Task A_charger_without_the_Reservation_profile_leaves_the_request_bound_to_the_idTag_and_the_app_says_so()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = await ConnectedChargerAsync(host, supportsReservations: false);
        using var http = await SignedInAsync(host, "cem", "TAG-CEM");

        var answer = await AskAsync(http);
        answer.GetProperty("state").GetString().Should().Be("Accepted");
        answer.GetProperty("connectorHeld").GetBoolean().Should().BeFalse();
        answer.GetProperty("connectorHoldNote").GetString().Should().Contain("not held").And.Contain("cannot reserve");
        var current = await http.GetFromJsonAsync<JsonElement>("/api/v1/me/current");
        current.GetProperty("progress").GetProperty("request").GetProperty("connectorHeld").GetBoolean().Should().BeFalse("the app page reads it from the progress");
    }

    [Fact]
    public async Task After_a_restart_of_the_service_and_a_reboot_of_the_charger_the_connector_is_held_again()
    {
        var host = await EdgeTestHost.StartAsync();
        long requestId;
        await using (var before = await ConnectedChargerAsync(host, supportsReservations: true))
        {
            using var http = await SignedInAsync(host, "dan", "TAG-DAN");
            requestId = (await AskAsync(http)).GetProperty("id").GetInt64();
            before.Connectors[0].ReservationId.Should().Be((int)requestId);
        }

        await host.StopAsync();
        await using var restarted = await EdgeTestHost.StartAsync(directory: host.Directory);
        // A rebooted charger has forgotten its reservations; the service re-derives them from the stored request.
        await using var after = await ConnectedChargerAsync(restarted, supportsReservations: true);
        await Poll.UntilAsync(() => after.Connectors[0].ReservationId == (int)requestId, "the connector is reserved again after the reboot");
        after.Connectors[0].ReservedIdTag.Should().Be("TAG-DAN");
        var someoneElse = async () => await after.StartTransactionAsync(1, "TAG-OTHER", new FixedLimitCar(11_000));
        await someoneElse.Should().ThrowAsync<ConnectorReservedException>();
    }

    private static async Task<SimulatedChargePoint> ConnectedChargerAsync(EdgeTestHost host, bool supportsReservations)
    {
        var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = ChargePointId,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{ChargePointId}",
            CallTimeout = TimeSpan.FromSeconds(5),
            SupportsReservations = supportsReservations,
        });
        await cp.ConnectAsync();
        await cp.BootAsync();
        await Poll.UntilAsync(() => host.Get<LiveSiteState>().ChargePoint(ChargePointId).Connected, "the charger is connected");
        return cp;
    }

    private static async Task<HttpClient> SignedInAsync(EdgeTestHost host, string login, string idTag)
    {
        var http = new HttpClient { BaseAddress = host.BaseUri };
        var signUp = await http.PostAsJsonAsync("/api/v1/me/sign-up", new { login, password = "correct horse battery", idTag });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return http;
    }

    private static async Task<JsonElement> AskAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/v1/me/requests", new { chargePointId = ChargePointId, connectorId = 1, optIn = true, energyKWh = 6, departure = DateTimeOffset.UtcNow.AddHours(3) });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
