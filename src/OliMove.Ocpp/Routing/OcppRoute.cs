using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Routing;

/// <summary>An action, and the handler that turns its validated payload into the reply payload. A typed route also
/// takes a request already read and validated by the framing layer (<see cref="InvokeTyped"/>, decision 0330).</summary>
public sealed record OcppRoute(string Action, Func<OcppCallContext, JObject, CancellationToken, ValueTask<object>> Invoke)
{
    /// <summary>The request type of <see cref="InvokeTyped"/>; null for an untyped route.</summary>
    public Type? RequestType { get; init; }

    public Func<OcppCallContext, object, CancellationToken, ValueTask<object>>? InvokeTyped { get; init; }
}
