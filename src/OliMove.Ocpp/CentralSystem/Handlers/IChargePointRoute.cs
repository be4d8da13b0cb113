using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem.Handlers;

/// <summary>One route of a charger's table, as registration sees it: every class of this assembly that implements
/// <see cref="IChargePointCallHandler{TRequest,TResponse}"/> is one (docs/decisions/0200).</summary>
public interface IChargePointRoute
{
    /// <summary>Adds the route, bound to the charger it will serve, to <paramref name="table"/>.</summary>
    void MapOnto(OcppRouteTable table, ChargePointSession session);
}
