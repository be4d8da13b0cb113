using OliMove.Ocpp.Framing;

namespace OliMove.Ocpp.Routing;

/// <summary>The one table from action name to handler (the mobilityhouse/ocpp shape). Payloads reach a handler
/// only after schema validation, already typed.</summary>
public sealed class OcppRouteTable
{
    private readonly Dictionary<string, OcppRoute> _routes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Actions => _routes.Keys;

    public OcppRouteTable Map<TRequest, TResponse>(string action, Func<OcppCallContext, TRequest, CancellationToken, ValueTask<TResponse>> handler)
        where TResponse : notnull
    {
        _routes.Add(action, new OcppRoute(action, async (context, payload, ct) =>
            await handler(context, OcppJson.FromPayload<TRequest>(payload), ct)));
        return this;
    }

    public OcppRoute? Find(string action) => _routes.GetValueOrDefault(action);
}
