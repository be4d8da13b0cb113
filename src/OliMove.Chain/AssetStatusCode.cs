namespace OliMove.Chain;

/// <summary>
/// Status code in a status row. Charge point values follow OCPP 1.6 ChargePointStatus (§7.7) in spec order;
/// PV inverters and batteries use Available, Unavailable and Faulted.
/// </summary>
public enum AssetStatusCode : byte
{
    Unknown = 0,
    Available = 1,
    Preparing = 2,
    Charging = 3,
    SuspendedEVSE = 4,
    SuspendedEV = 5,
    Finishing = 6,
    Reserved = 7,
    Unavailable = 8,
    Faulted = 9,
}
