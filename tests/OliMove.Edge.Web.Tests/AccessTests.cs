using System.Net;
using Microsoft.AspNetCore.Http;
using OliMove.Edge.Api;
using OliMove.Storage;

namespace OliMove.Edge.WebTests;

/// <summary>Who may reach the API at all: loopback by default, and no expired token.</summary>
public class AccessTests
{
    [Fact]
    public async Task A_remote_client_is_refused_unless_the_operator_allows_remote_access_and_OCPP_is_never_refused()
    {
        async Task<int> StatusFor(string ip, string path, bool allowRemote)
        {
            var context = new DefaultHttpContext();
            context.Connection.RemoteIpAddress = IPAddress.Parse(ip);
            context.Request.Path = path;
            context.Response.Body = new MemoryStream();
            var reached = false;
            await new LoopbackOnlyMiddleware(_ => { reached = true; return Task.CompletedTask; }, allowRemote).InvokeAsync(context);
            return reached ? 200 : context.Response.StatusCode;
        }

        (await StatusFor("192.168.1.20", "/api/v1/site", allowRemote: false)).Should().Be(403);
        (await StatusFor("192.168.1.20", "/cockpit/", allowRemote: false)).Should().Be(403);
        (await StatusFor("127.0.0.1", "/api/v1/site", allowRemote: false)).Should().Be(200);
        (await StatusFor("::1", "/api/v1/site", allowRemote: false)).Should().Be(200);
        (await StatusFor("192.168.1.20", "/ocpp/OLI-DEMO-01", allowRemote: false)).Should().Be(200);
        (await StatusFor("192.168.1.20", "/api/v1/site", allowRemote: true)).Should().Be(200);
    }

    [Fact]
    public async Task An_expired_user_token_is_401()
    {
        await using var site = await WebTestSite.StartAsync(WebTestSite.TinySiteMap);
        await site.SignUpAsync("ada", "TAG-ADA");
        var user = await site.Host.Get<UserRepository>().GetByLoginAsync("ada");
        const string Expired = "expired-token-0123456789abcdefghij";
        await site.Host.Get<ApiTokenRepository>().CreateAsync(Expired, ApiTokenRole.User, user!.Id, "old phone", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(-7));

        (await site.GetAsync("/api/v1/me", Expired)).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_pages_are_served_by_the_app()
    {
        await using var site = await WebTestSite.StartAsync();

        var cockpit = await site.Http.GetAsync("cockpit");
        var app = await site.Http.GetAsync("app/");
        var chart = await site.Http.GetAsync("vendor/uplot/uPlot.esm.js");

        cockpit.StatusCode.Should().Be(HttpStatusCode.OK);
        (await cockpit.Content.ReadAsStringAsync()).Should().Contain("cockpit.js");
        (await app.Content.ReadAsStringAsync()).Should().Contain("app.js");
        chart.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
