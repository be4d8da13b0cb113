using OliMove.Ocpp.CentralSystem.Handlers;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>The routing table of the central system: the actions a charge point sends (OCPP 1.6 §4), one handler
/// each in <c>CentralSystem/Handlers/</c>, found by <see cref="OcppCentralSystemServiceCollectionExtensions"/>.</summary>
public sealed class CentralSystemRoutes(IEnumerable<IChargePointRoute> handlers)
{
    private readonly IChargePointRoute[] _handlers = [.. handlers];

    /// <summary>Builds the table for one session: handlers know which charger they serve.</summary>
    public OcppRouteTable For(ChargePointSession session)
    {
        var table = new OcppRouteTable();
        foreach (var handler in _handlers)
        {
            handler.MapOnto(table, session);
        }
        return table;
    }
}
