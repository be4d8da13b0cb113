using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Routing;

/// <summary>An action, and the handler that turns its validated payload into the reply payload.</summary>
public sealed record OcppRoute(string Action, Func<OcppCallContext, JObject, CancellationToken, ValueTask<object>> Invoke);
