using System.Net;

namespace OliMove.Edge.WebTests;

/// <summary>docs/api.md: every error has a JSON body <c>{ "error": "one sentence" }</c>, 401 and 403 included.</summary>
public class AuthErrorBodyTests
{
    [Fact]
    public async Task A_missing_token_and_a_viewer_doing_operator_work_get_the_APIs_JSON_error()
    {
        await using var site = await WebTestSite.StartAsync();

        var (noToken, noTokenBody) = await site.GetAsync("/api/v1/site", token: null);
        noToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        noToken.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        noTokenBody.GetProperty("error").GetString().Should().Contain("Authorization: Bearer");

        var (forbidden, forbiddenBody) = await site.PostAsync("/api/v1/groups/cabinet-a/replan", WebTestSite.ViewerToken, body: null);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbiddenBody.GetProperty("error").GetString().Should().Contain("role");
    }
}
