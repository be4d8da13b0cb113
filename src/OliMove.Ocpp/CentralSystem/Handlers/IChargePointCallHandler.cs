using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>Answers one action a charge point sends; the request type names the action. A handler stores what it
/// must through a port before it returns the reply, and raises its event with
/// <see cref="OcppCallContext.OnReplySent(Action)"/>, once the reply is on the wire.</summary>
public interface IChargePointCallHandler<TRequest, TResponse> : IChargePointRoute
    where TRequest : IOcppRequest<TRequest, TResponse>
    where TResponse : notnull
{
    ValueTask<TResponse> HandleAsync(ChargePointSession session, OcppCallContext context, TRequest request, CancellationToken ct);

    void IChargePointRoute.MapOnto(OcppRouteTable table, ChargePointSession session) =>
        table.Map<TRequest, TResponse>((context, request, ct) => HandleAsync(session, context, request, ct));
}
