using System.Net;
using OliMove.Storage;

namespace OliMove.Edge.WebTests;

/// <summary>The operator's request list over real HTTP: the stored request as it is, its state by name.</summary>
public class OperatorRequestListTests
{
    [Fact]
    public async Task Shows_each_stored_request_with_its_state_by_name_and_its_values_in_Wh()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        var token = await site.SignUpAsync("ada", "TAG-ADA");
        var departure = DateTimeOffset.UtcNow.AddHours(4);
        var (_, made) = await site.PostAsync("/api/v1/me/requests", token,
            new { chargePointId = "OLI-DEMO-01", connectorId = 1, optIn = true, energyKWh = 10, departure });
        var stored = (await site.Host.Get<ChargingRequestRepository>().GetAsync(made.GetProperty("id").GetInt64()))!;

        var (response, page) = await site.GetAsync("/api/v1/requests", WebTestSite.ViewerToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        page.GetProperty("total").GetInt64().Should().Be(1);
        var shown = page.GetProperty("items")[0];
        shown.GetProperty("id").GetInt64().Should().Be(stored.Id);
        shown.GetProperty("userId").GetInt64().Should().Be(stored.UserId);
        shown.GetProperty("chargePointId").GetString().Should().Be("OLI-DEMO-01");
        shown.GetProperty("connectorId").GetInt32().Should().Be(1);
        shown.GetProperty("optIn").GetBoolean().Should().BeTrue();
        shown.GetProperty("energyRequestedWh").GetDouble().Should().Be(10_000);
        shown.GetProperty("state").GetString().Should().Be(stored.State.ToString()).And.Be("Accepted");
        shown.GetProperty("departure").GetDateTimeOffset().Should().Be(stored.Departure!.Value);
        shown.GetProperty("createdAt").GetDateTimeOffset().Should().Be(stored.CreatedAt);
    }
}
