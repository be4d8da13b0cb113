using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Routing;

/// <summary>The one table from action name to handler (the mobilityhouse/ocpp shape: the payload type fixes the
/// action). Payloads reach a handler only after schema validation, already typed.</summary>
public sealed class OcppRouteTable
{
    private readonly Dictionary<string, OcppRoute> _routes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Actions => _routes.Keys;

    /// <summary>Routes the action of <typeparamref name="TRequest"/> to <paramref name="handler"/>.</summary>
    public OcppRouteTable Map<TRequest, TResponse>(Func<OcppCallContext, TRequest, CancellationToken, ValueTask<TResponse>> handler)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull =>
        Add(new OcppRoute(TRequest.Action, async (context, payload, ct) => await handler(context, OcppJson.FromPayload<TRequest>(payload), ct))
        {
            RequestType = typeof(TRequest),
            InvokeTyped = async (context, request, ct) => await handler(context, (TRequest)request, ct),
        });

    /// <summary>Routes an action by name to a handler of its raw payload: only for a forwarder, which passes on
    /// actions it does not interpret (the upstream link's backend side).</summary>
    public OcppRouteTable MapUntyped(string action, Func<OcppCallContext, JObject, CancellationToken, ValueTask<JObject>> handler) =>
        Add(new OcppRoute(action, async (context, payload, ct) => await handler(context, payload, ct)));

    public OcppRoute? Find(string action) => _routes.GetValueOrDefault(action);

    private OcppRouteTable Add(OcppRoute route)
    {
        _routes.Add(route.Action, route);
        return this;
    }
}
