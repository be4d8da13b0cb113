using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Hosting;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>
/// A driver's accepted promise is kept end to end: request through the user API, plug-in over real OCPP, the
/// plan dispatched as profiles, energy metered by the simulated charger, on an accelerated clock, while a
/// non-participant competes for the same cabinet.
/// </summary>
public class AcceptedRequestEndToEndTests
{
    private const double Speed = 120;
    private const double RequestedKWh = 6;

    private static string SiteMap() => $"""
        site:
          id: promise
        gridConnection:
          limitW: 30000
        circuits:
          - id: garage
            limitW: 11000
        chargePoints:
          - chargePointId: PROMISE-CP-1
            circuit: garage
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-PROMISE-CP-1")}"
            chargingRateUnit: W
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E7001*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
          - chargePointId: PROMISE-CP-2
            circuit: garage
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-PROMISE-CP-2")}"
            chargingRateUnit: W
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E7002*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
        """;

    [Fact]
    public async Task An_accepted_request_is_met_by_its_departure_while_a_non_participant_shares_the_cabinet()
    {
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        await using var host = await EdgeTestHost.StartAsync(clock, SiteMap());
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using var stop = new CancellationTokenSource();
        var fleet = new[] { "PROMISE-CP-1", "PROMISE-CP-2" }.Select(id => new SimulatedChargePoint(
            new SimulatedChargePointOptions
            {
                ChargePointId = id,
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = $"demo-key-{id}",
                AllowedChargingRateUnits = "Power",
                CallTimeout = TimeSpan.FromMinutes(30),
            },
            clock)).ToList();
        var running = fleet.Select(cp => cp.RunAsync(stop.Token)).ToList();
        await Poll.UntilAsync(() => fleet.All(cp => cp.IsConnected && cp.BootStatus is not null), "both chargers are connected");

        var signUp = await http.PostAsJsonAsync("/api/v1/me/sign-up", new { login = "ada", password = "correct horse battery", idTag = "TAG-ADA" });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        var token = (await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var departure = clock.GetUtcNow().AddMinutes(90);
        var answer = await (await http.PostAsJsonAsync("/api/v1/me/requests", new { chargePointId = "PROMISE-CP-1", connectorId = 1, optIn = true, energyKWh = RequestedKWh, departure }))
            .Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());

        // A non-participant plugs in first on the other charger and would take the whole cabinet if it could.
        await fleet[1].StartTransactionAsync(1, "TAG-SOMEONE", new FixedLimitCar(11_000));
        await fleet[0].StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));
        var startRegister = fleet[0].Connectors[0].EnergyRegisterWh;

        await Poll.UntilAsync(() => clock.GetUtcNow() >= departure, "the declared departure", seconds: 120);
        fleet[0].Advance(clock.GetUtcNow());
        var deliveredWh = fleet[0].Connectors[0].EnergyRegisterWh - startRegister;

        await stop.CancelAsync();
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var cp in fleet)
        {
            await cp.DisposeAsync();
        }

        // A small tolerance for the real milliseconds between the event and the profile, which an accelerated
        // clock stretches into simulated seconds.
        deliveredWh.Should().BeGreaterThanOrEqualTo(RequestedKWh * 1000 * 0.98, "the promise was {0} kWh by {1:HH:mm}", RequestedKWh, departure);
        host.ErrorLog.Errors.Should().BeEmpty("every profile reached its charger");
    }
}
