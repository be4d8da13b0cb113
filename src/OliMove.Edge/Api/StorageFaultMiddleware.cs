using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// An API request whose write the database refuses (disk or size cap full, I/O error) gets a clear JSON answer,
/// 507 Insufficient Storage or 503 with Retry-After, instead of an empty 500: nothing was stored, and the same
/// request can be sent again once space is freed. OCPP is not handled here: its dispatcher answers CALLERROR.
/// </summary>
public sealed class StorageFaultMiddleware(RequestDelegate next, ILogger<StorageFaultMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.Request.Path.StartsWithSegments("/ocpp") && StorageFault.Of(e) is { } fault)
        {
            logger.LogWarning("{Method} {Path} refused, nothing stored: {Fault}", context.Request.Method, context.Request.Path.Value, fault.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "60";
            await (fault.IsDiskFull
                ? ApiErrors.InsufficientStorage("the site's storage is full: nothing was stored; try again later")
                : ApiErrors.Unavailable("the site's storage is failing: nothing was stored; try again later")).ExecuteAsync(context);
        }
    }
}
