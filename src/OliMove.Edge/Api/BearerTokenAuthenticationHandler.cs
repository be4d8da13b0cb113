using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OliMove.Edge.Api;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: resolves the token to a caller with a role claim, so endpoints can
/// require roles with the framework's own authorization (401 without a valid token, 403 with the wrong role).
/// Both answers carry the API's JSON error body like every other error (docs/api.md).
/// </summary>
public sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiTokenResolver resolver)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string UserIdClaim = "olimove:user";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string? token = null;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.StartsWithSegments("/api/v1/events") || Request.Path.StartsWithSegments("/api/v1/me/events"))
        {
            // EventSource cannot set headers; the live stream alone accepts the token as a query parameter.
            token = Request.Query["access_token"];
        }

        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (token.Length > 512)
        {
            return AuthenticateResult.Fail("token too long");
        }

        var caller = await resolver.ResolveAsync(token, Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("unknown or expired token");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, caller.Name) };
        // An operator can do everything a viewer can.
        claims.Add(new Claim(ClaimTypes.Role, caller.Role.ToString()));
        if (caller.Role == ApiRole.Operator)
        {
            claims.Add(new Claim(ClaimTypes.Role, nameof(ApiRole.Viewer)));
        }

        if (caller.UserId is { } userId)
        {
            claims.Add(new Claim(UserIdClaim, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await Response.WriteAsJsonAsync(new ApiError("a valid token is needed: send it as 'Authorization: Bearer <token>'"), Context.RequestAborted);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ApiError("this token's role may not do this"), Context.RequestAborted);
    }
}
