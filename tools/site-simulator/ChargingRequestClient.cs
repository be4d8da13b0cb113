using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// What an opted-in driver does in the app before plugging in: sign up (linking the car's idTag), ask for the
/// session's energy by its departure, and take the energy counter-offer when the promise cannot be made.
/// </summary>
public sealed class ChargingRequestClient(HttpClient http)
{
    public async Task<string> RequestAsync(ScenarioVisit visit, CancellationToken ct)
    {
        var signUp = await http.PostAsJsonAsync(
            "api/v1/me/sign-up",
            new { login = $"driver-{visit.IdTag}".ToLowerInvariant(), password = "simulated-driver-password", idTag = visit.IdTag, displayName = $"Driver {visit.SessionId}" },
            ct);
        if (signUp.StatusCode != HttpStatusCode.Created)
        {
            return $"sign-up refused ({(int)signUp.StatusCode})";
        }

        var token = (await signUp.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/me/requests")
        {
            Content = JsonContent.Create(new
            {
                chargePointId = visit.Connector.ChargePointId,
                connectorId = visit.Connector.ConnectorId,
                optIn = true,
                energyKWh = Math.Round(visit.RequestedEnergyWh / 1000, 1),
                departure = visit.Departure,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await http.SendAsync(request, ct);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
        var state = body.TryGetProperty("state", out var s) ? s.GetString() : null;
        if (state != "CounterOffered")
        {
            return state ?? $"refused ({(int)answer.StatusCode})";
        }

        using var take = new HttpRequestMessage(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"api/v1/me/requests/{body.GetProperty("id").GetInt64()}/take-offer"))
        {
            Content = JsonContent.Create(new { take = "energy" }),
        };
        take.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var taken = await http.SendAsync(take, ct);
        return taken.IsSuccessStatusCode ? "counter-offer taken" : $"counter-offer refused ({(int)taken.StatusCode})";
    }
}
