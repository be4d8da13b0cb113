using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using OliMove.Edge.Api;

namespace OliMove.Edge.Security;

/// <summary>
/// Attempt limits and work gates on the API's expensive anonymous or sensitive endpoints (decisions 0246, 0247):
/// sign-in per login and per address (failures count), sign-up per address, keystore export per user. Past a limit the
/// answer is 429 with Retry-After before any work is done; when the endpoint's gate (PBKDF2 or scrypt) is full, 503
/// with Retry-After. Matched by path, so the endpoints themselves know nothing of it.
/// </summary>
public sealed class AttemptLimitMiddleware(
    RequestDelegate next,
    AttemptLimiter limiter,
    WorkGates gates,
    SecurityLimitsOptions limits,
    ILogger<AttemptLimitMiddleware> logger)
{
    public const string SignInPath = "/api/v1/me/sign-in";
    public const string SignUpPath = "/api/v1/me/sign-up";
    public const string KeystorePath = "/api/v1/me/wallet/keystore";

    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return next(context);
        }

        var path = context.Request.Path;
        if (path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            return SignInAsync(context);
        }

        if (path.Equals(SignUpPath, StringComparison.OrdinalIgnoreCase))
        {
            return SignUpAsync(context);
        }

        return path.Equals(KeystorePath, StringComparison.OrdinalIgnoreCase) ? KeystoreExportAsync(context) : next(context);
    }

    private async Task SignInAsync(HttpContext context)
    {
        var window = TimeSpan.FromSeconds(limits.SignInWindowSeconds);
        var addressKey = IsExempt(context) ? null : "sign-in-address:" + AddressOf(context);
        if (addressKey is not null && limiter.TryTake(addressKey, limits.SignInFailuresPerAddress, window) is { } addressWait)
        {
            await TooManyAsync(context, addressWait, "too many failed sign-ins from your network; try again later");
            return;
        }

        string? login;
        try
        {
            login = await LoginOfAsync(context);
        }
        catch (BadHttpRequestException)
        {
            // The body is over Limits.MaxRequestBodyBytes: Kestrel answers 413; no password was checked.
            Refund(addressKey);
            throw;
        }

        var loginKey = login is null ? null : "sign-in-login:" + login.ToLowerInvariant();
        if (loginKey is not null && limiter.TryTake(loginKey, limits.SignInFailuresPerLogin, window) is { } loginWait)
        {
            Refund(addressKey);
            await TooManyAsync(context, loginWait, "too many failed sign-ins for this login; try again later");
            return;
        }

        var status = await WithGateAsync(context, gates.Passwords);
        if (status is >= 200 and < 300)
        {
            // A success clears the login's failures and does not count against the address.
            Refund(addressKey);
            if (loginKey is not null)
            {
                limiter.Clear(loginKey);
            }
        }
        else if (status != StatusCodes.Status401Unauthorized)
        {
            // Refused before any password check (malformed body, busy, remote caller): not an attempt.
            Refund(addressKey);
            if (loginKey is not null)
            {
                limiter.Refund(loginKey);
            }
        }
    }

    private async Task SignUpAsync(HttpContext context)
    {
        var key = IsExempt(context) ? null : "sign-up-address:" + AddressOf(context);
        if (key is not null && limiter.TryTake(key, limits.SignUpsPerAddress, TimeSpan.FromSeconds(limits.SignUpWindowSeconds)) is { } wait)
        {
            await TooManyAsync(context, wait, "too many sign-ups from your network; try again later");
            return;
        }

        // 409 (login or card taken) counts: it tells whether a login exists, so it is an enumeration attempt.
        var status = await WithGateAsync(context, gates.Keystores);
        if (status is StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden or StatusCodes.Status503ServiceUnavailable)
        {
            Refund(key);
        }
    }

    private async Task KeystoreExportAsync(HttpContext context)
    {
        var caller = await context.AuthenticateAsync(BearerTokenAuthenticationHandler.SchemeName);
        if (caller.Principal?.FindFirstValue(BearerTokenAuthenticationHandler.UserIdClaim) is not { } userId)
        {
            // Not a user: the endpoint refuses it (401/403) without any work.
            await next(context);
            return;
        }

        var key = "keystore-user:" + userId;
        if (limiter.TryTake(key, limits.KeystoreExportsPerUser, TimeSpan.FromSeconds(limits.KeystoreExportWindowSeconds)) is { } wait)
        {
            await TooManyAsync(context, wait, "too many keystore exports; try again later");
            return;
        }

        var status = await WithGateAsync(context, gates.Keystores);
        if (status is StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound or StatusCodes.Status503ServiceUnavailable)
        {
            limiter.Refund(key);
        }
    }

    private void Refund(string? key)
    {
        if (key is not null)
        {
            limiter.Refund(key);
        }
    }

    private bool IsExempt(HttpContext context) =>
        limits.ExemptLocalhostFromAddressLimits
        && context.Connection.RemoteIpAddress is { } address
        && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback) || (address.IsIPv4MappedToIPv6 && address.MapToIPv4().Equals(IPAddress.Loopback)));

    /// <returns>The status the request was answered with.</returns>
    private async Task<int> WithGateAsync(HttpContext context, WorkGate gate)
    {
        using var slot = await gate.TryEnterAsync(context.RequestAborted);
        if (slot is null)
        {
            logger.LogWarning("{Path} refused for now: {Parallel} jobs run and {Queued} wait", context.Request.Path.Value, gate.Parallel, gate.Queued);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new ApiError("the site is busy; try again in a moment"), context.RequestAborted);
            return StatusCodes.Status503ServiceUnavailable;
        }

        await next(context);
        return context.Response.StatusCode;
    }

    private static async Task TooManyAsync(HttpContext context, TimeSpan wait, string error)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new ApiError(error), context.RequestAborted);
    }

    /// <summary>
    /// The login named in the body, read without consuming it (the endpoint reads it again); null when the body is not
    /// a JSON object with a string "login" (the endpoint then answers 400).
    /// </summary>
    private static async Task<string?> LoginOfAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("login", out var login)
                && login.ValueKind == JsonValueKind.String
                    ? login.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }

    /// <summary>The caller's address; an IPv6 caller by its /64, which one household or phone commonly holds whole.</summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(address))
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
