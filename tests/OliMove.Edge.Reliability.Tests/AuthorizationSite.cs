using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// The real service on a two-charger site (RLY-01-01, RLY-01-02) with one viewer and one operator token in its
/// configuration, a wallet vault (so every user has an eWallet address), and helpers to call the API as a given
/// caller: "anonymous", "user" (a signed-up driver), "viewer" or "operator".
/// </summary>
public sealed class AuthorizationSite : IAsyncDisposable
{
    public const string ViewerToken = "authz-viewer-token-0123456789abcdef";
    public const string OperatorToken = "authz-operator-token-0123456789abcdef";
    public const string Password = "correct horse battery";

    private readonly List<SimulatedChargePoint> _chargePoints = [];

    private AuthorizationSite(EdgeTestHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public EdgeTestHost Host { get; }

    public HttpClient Http { get; }

    public static async Task<AuthorizationSite> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-authz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var masterKey = Path.Combine(directory, "wallet-master.key");
        await File.WriteAllTextAsync(masterKey, "authz-test-master-key-0123456789");
        var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 2, 22_000), directory: directory, configure: o =>
        {
            o.Api.Tokens =
            [
                new ApiTokenOptions { Name = "wall screen", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(ViewerToken) },
                new ApiTokenOptions { Name = "site operator", Role = "operator", Sha256 = ApiTokenHash.Sha256Hex(OperatorToken) },
            ];
            o.Chain.WalletMasterKeyFile = masterKey;
            // A cheap scrypt: the vault's behaviour is the same, only its cost differs (WalletVault's own tests use 4096).
            o.Chain.KeystoreScryptN = 4096;
        });
        return new AuthorizationSite(host);
    }

    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? token, string? jsonBody = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request, completion);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> JsonAsync(string method, string path, string? token, string? jsonBody = null)
    {
        using var response = await SendAsync(method, path, token, jsonBody);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default);
    }

    /// <summary>
    /// Signs a driver up, has the operator bind their card (a signed-up card is only pending until presented at a
    /// charger, decision 0241), and returns their token and eWallet address.
    /// </summary>
    public async Task<(string Token, string WalletAddress)> SignUpAsync(string login, string idTag)
    {
        var (status, body) = await JsonAsync("POST", "/api/v1/me/sign-up", null, JsonSerializer.Serialize(new { login, password = Password, idTag }));
        status.Should().Be(HttpStatusCode.Created, body.ToString());
        var (bound, card) = await JsonAsync("POST", $"/api/v1/users/{login}/cards", OperatorToken, JsonSerializer.Serialize(new { idTag }));
        bound.Should().Be(HttpStatusCode.OK, card.ToString());
        return (body.GetProperty("token").GetString()!, body.GetProperty("walletAddress").GetString()!);
    }

    public async Task<SimulatedChargePoint> ChargePointAsync(string id, bool supportsReservations = true)
    {
        var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = Host.OcppUri,
            AuthorizationKey = TestSiteMap.Key(id),
            CallTimeout = TimeSpan.FromSeconds(30),
            SupportsReservations = supportsReservations,
        });
        _chargePoints.Add(cp);
        await cp.ConnectAsync();
        await cp.BootAsync();
        return cp;
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
