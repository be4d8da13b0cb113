using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.WebTests;

/// <summary>
/// The real service for API and browser tests, with one viewer and one operator token in its configuration,
/// and helpers for HTTP, simulated charge points and polling with a deadline.
/// </summary>
public sealed class WebTestSite : IAsyncDisposable
{
    public const string ViewerToken = "viewer-token-0123456789abcdef";
    public const string OperatorToken = "operator-token-0123456789abcdef";

    /// <summary>
    /// One group whose root circuit carries 32 A × 3 × 230 V = 22,080 W, of which 11,000 W are reserved for a
    /// workshop, under one 22 kW charge point (the demo key of OLI-DEMO-01): about 11 kW can be guaranteed, so a
    /// car asking for more than ~11 kWh per hour gets a counter-offer.
    /// </summary>
    public const string TinySiteMap = """
        site:
          id: tiny
          name: Tiny test site
          nominalVoltageV: 230
        gridConnection:
          limitA: 63
        circuits:
          - id: garage
            limitA: 32
        chargePoints:
          - chargePointId: OLI-DEMO-01
            circuit: garage
            authorizationKeyHash: "pbkdf2-sha256$100000$wRiqS+azgKKMayrLdgIkrg==$K9Qe9vPteWQEg821a6wyRc6GlnSQtbLbd79xgjW2zyY="
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E0001*1"
                connectionType: Type2
                ratedPowerW: 22000
                phases: 3
        otherLoads:
          - id: workshop
            circuit: garage
            reservedW: 11000
        """;

    private readonly List<SimulatedChargePoint> _chargePoints = [];

    private WebTestSite(EdgeTestHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public EdgeTestHost Host { get; }

    public HttpClient Http { get; }

    public static async Task<WebTestSite> StartAsync(string? siteMapYaml = null, Action<EdgeOptions>? configure = null, TimeProvider? time = null)
    {
        var host = await EdgeTestHost.StartAsync(time: time, siteMapYaml: siteMapYaml, configure: o =>
        {
            o.Api.Tokens =
            [
                new ApiTokenOptions { Name = "wall screen", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(ViewerToken) },
                new ApiTokenOptions { Name = "site operator", Role = "operator", Sha256 = ApiTokenHash.Sha256Hex(OperatorToken) },
            ];
            configure?.Invoke(o);
        });
        return new WebTestSite(host);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        var response = await Http.SendAsync(Request(method, path, token, body));
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return (response, json);
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string? token, object? body) => SendAsync(HttpMethod.Post, path, token, body);

    /// <summary>Signs a user up and returns their bearer token.</summary>
    public async Task<string> SignUpAsync(string login, string idTag, string password = "correct horse battery")
    {
        var (response, body) = await PostAsync("/api/v1/me/sign-up", null, new { login, password, idTag });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>Binds a card to an account as the site's operator does (a signed-up card is only pending until presented).</summary>
    public async Task BindCardAsync(string login, string idTag)
    {
        var (response, body) = await PostAsync($"/api/v1/users/{login}/cards", OperatorToken, new { idTag });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, body.ToString());
    }

    public async Task<SimulatedChargePoint> ChargePointAsync(string id, int connectors = 1, string units = "Current,Power", bool supportsReservations = true)
    {
        var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(Host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{id}",
            ConnectorCount = connectors,
            AllowedChargingRateUnits = units,
            CallTimeout = TimeSpan.FromSeconds(5),
            SupportsReservations = supportsReservations,
        });
        _chargePoints.Add(cp);
        await cp.ConnectAsync();
        await cp.BootAsync();
        return cp;
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {because}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cp in _chargePoints)
        {
            await cp.DisposeAsync();
        }

        Http.Dispose();
        await Host.DisposeAsync();
    }
}
