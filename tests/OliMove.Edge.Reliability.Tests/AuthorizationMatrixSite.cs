using System.Net;
using System.Text.Json;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// One service shared by every row of the endpoint × caller matrix: a signed-up driver with one accepted request
/// of their own on RLY-01-01 (so the /me/requests/{id} rows reach a real request), and RLY-01-02 never connected
/// (so an operator action that passes authorization stops at "not connected" and changes nothing).
/// </summary>
public sealed class AuthorizationMatrixSite : IAsyncLifetime
{
    private AuthorizationSite? _site;

    public AuthorizationSite Site => _site ?? throw new InvalidOperationException("not started");

    public string UserToken { get; private set; } = "";

    public long OwnRequestId { get; private set; }

    public async Task InitializeAsync()
    {
        _site = await AuthorizationSite.StartAsync();
        (UserToken, _) = await _site.SignUpAsync("matrix-driver", "TAG-MATRIX");
        var body = JsonSerializer.Serialize(new { chargePointId = TestSiteMap.Id(1, 1), connectorId = 1, optIn = true, energyKWh = 5, departure = DateTimeOffset.UtcNow.AddHours(3) });
        var (status, answer) = await _site.JsonAsync("POST", "/api/v1/me/requests", UserToken, body);
        status.Should().Be(HttpStatusCode.Created, answer.ToString());
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        OwnRequestId = answer.GetProperty("id").GetInt64();
    }

    /// <summary>
    /// A token of a driver of its own, for the rows that revoke tokens (sign-out, revoke-all): revoking the shared
    /// driver's token would turn every later "user" row into a 401.
    /// </summary>
    public async Task<string> ThrowawayUserTokenAsync()
    {
        var login = $"throwaway-{Guid.NewGuid():N}"[..24];
        var (status, body) = await Site.JsonAsync("POST", "/api/v1/me/sign-up", null, JsonSerializer.Serialize(new { login, password = AuthorizationSite.Password, idTag = login[^20..] }));
        status.Should().Be(HttpStatusCode.Created, body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}
