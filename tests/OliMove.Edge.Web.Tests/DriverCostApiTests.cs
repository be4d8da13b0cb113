using System.Text.Json;
using OliMove.Edge.Prices;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.WebTests;

/// <summary>
/// What the driver's energy costs at the slot prices (docs/prices.md): with the SCE tariff configured, a running
/// request's progress carries its expected cost and the saving against charging at once, and the receipt the metered
/// energy at the prices its slots' archived plans carried.
/// </summary>
public class DriverCostApiTests
{
    // SCE TOU-EV-4's cheapest and dearest energy prices per kWh, cheapest for the test's first hours (CheapNowTariff).
    private const double Cheapest = CheapNowTariff.Cheapest;
    private const double Dearest = CheapNowTariff.Dearest;

    public static string Tariff => Path.Combine(EdgeTestHost.RepoRoot(), "data", "tariffs", "sce-tou-ev-4-2019-03.json");

    [Fact]
    public async Task Progress_shows_the_expected_cost_and_the_saving_and_the_receipt_the_energy_at_the_slot_prices_paid()
    {
        var tariff = CheapNowTariff.Write(DateTimeOffset.UtcNow);
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap, o => o.Prices.Tariff = tariff);
        using (var http = new HttpClient())
        {
            (await site.Host.Get<EnergySignalSource>().RefreshAsync(http, CancellationToken.None)).Should().BeEmpty();
        }

        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var (_, answer) = await site.PostAsync("/api/v1/me/requests", token, new { chargePointId = "OLI-DEMO-01", connectorId = 1, optIn = true, energyKWh = 10, departure = DateTimeOffset.UtcNow.AddHours(5) });
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));

        // The plan in force carries the prices once the planner has planned the session with the loaded tariff.
        JsonElement cost = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            await cp.SampleMeterValuesAsync();
            var progress = (await site.GetAsync("/api/v1/me/current", token)).Body.GetProperty("progress");
            cost = progress.ValueKind == JsonValueKind.Object ? progress.GetProperty("cost") : default;
            return cost.ValueKind == JsonValueKind.Object && cost.GetProperty("plannedKWh").GetDouble() > 0;
        }, "the running request is planned with the tariff's prices", seconds: 30);
        cost.GetProperty("currency").GetString().Should().Be("USD");
        double planned = cost.GetProperty("plannedKWh").GetDouble();
        double soFar = cost.GetProperty("soFar").GetDouble(), expected = cost.GetProperty("expected").GetDouble(), atOnce = cost.GetProperty("atOnce").GetDouble();
        (expected - soFar).Should().BeInRange((planned * Cheapest) - 0.01, (planned * Dearest) + 0.01, "the planned energy at the tariff's prices");
        (atOnce - soFar).Should().BeInRange((planned * Cheapest) - 0.01, (planned * Dearest) + 0.01, "the same energy at once, at the same prices");
        cost.GetProperty("saves").GetDouble().Should().BeApproximately(atOnce - expected, 0.001);

        cp.Advance(DateTimeOffset.UtcNow.AddMinutes(5));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);
        JsonElement receipt = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            var items = (await site.GetAsync("/api/v1/me/sessions", token)).Body.GetProperty("items");
            receipt = items.GetArrayLength() == 1 ? items[0] : default;
            return receipt.ValueKind == JsonValueKind.Object && receipt.GetProperty("stoppedAt").ValueKind != JsonValueKind.Null
                && receipt.GetProperty("energyCost").ValueKind == JsonValueKind.Object;
        }, "the stopped session is priced at its slots' prices", seconds: 30);
        var energyCost = receipt.GetProperty("energyCost");
        energyCost.GetProperty("currency").GetString().Should().Be("USD");
        double priced = energyCost.GetProperty("pricedKWh").GetDouble();
        priced.Should().BePositive();
        (priced + energyCost.GetProperty("unpricedKWh").GetDouble()).Should().BeApproximately(receipt.GetProperty("energyKWh").GetDouble(), 0.01, "every metered Wh is in one slot or another");
        energyCost.GetProperty("cost").GetDouble().Should().BeInRange((priced * Cheapest) - 0.01, (priced * Dearest) + 0.01);
    }

    [Fact]
    public async Task Without_prices_neither_the_progress_nor_the_receipt_has_a_cost()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        await site.PostAsync("/api/v1/me/requests", token, new { chargePointId = "OLI-DEMO-01", connectorId = 1, optIn = true, energyKWh = 10, departure = DateTimeOffset.UtcNow.AddHours(5) });
        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(11_000));

        JsonElement progress = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            await cp.SampleMeterValuesAsync();
            progress = (await site.GetAsync("/api/v1/me/current", token)).Body.GetProperty("progress");
            return progress.ValueKind == JsonValueKind.Object && progress.GetProperty("plan").GetArrayLength() > 0;
        }, "the session is planned");
        progress.GetProperty("cost").ValueKind.Should().Be(JsonValueKind.Null);

        cp.Advance(DateTimeOffset.UtcNow.AddMinutes(5));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);
        JsonElement items = default;
        await WebTestSite.EventuallyAsync(async () =>
        {
            items = (await site.GetAsync("/api/v1/me/sessions", token)).Body.GetProperty("items");
            return items.GetArrayLength() == 1 && items[0].GetProperty("stoppedAt").ValueKind != JsonValueKind.Null;
        }, "the session is stopped");
        items[0].GetProperty("energyCost").ValueKind.Should().Be(JsonValueKind.Null);
    }
}
