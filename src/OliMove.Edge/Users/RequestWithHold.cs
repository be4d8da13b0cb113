using OliMove.Edge.Reservations;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>A request as the desk left it, and whether the charger holds its connector for the driver (null: not asked).</summary>
public sealed record RequestWithHold(ChargingRequestRecord Request, ConnectorHold? Hold);
