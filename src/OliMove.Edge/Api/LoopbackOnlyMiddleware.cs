using System.Net;

namespace OliMove.Edge.Api;

/// <summary>
/// The API and pages answer loopback clients only unless the operator opens them (Api.AllowRemote).
/// OCPP is not behind this: charge points are remote by nature and authenticate with their own keys.
/// </summary>
public sealed class LoopbackOnlyMiddleware(RequestDelegate next, bool allowRemote)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!allowRemote && !context.Request.Path.StartsWithSegments("/ocpp"))
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote is not null && !IPAddress.IsLoopback(remote))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new { error = "this API answers loopback clients only (Api.AllowRemote)" });
                return;
            }
        }

        await next(context);
    }
}
