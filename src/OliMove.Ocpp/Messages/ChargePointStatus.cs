namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum ChargePointStatus
{
    Available,
    Preparing,
    Charging,
    SuspendedEVSE,
    SuspendedEV,
    Finishing,
    Reserved,
    Unavailable,
    Faulted,
}
