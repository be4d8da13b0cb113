namespace OliMove.Edge.Security;

/// <summary>Puts <see cref="AttemptLimitMiddleware"/> first in the pipeline, before any work on the request.</summary>
public sealed class AttemptLimitStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AttemptLimitMiddleware>();
        next(app);
    };
}
