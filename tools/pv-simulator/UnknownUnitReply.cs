namespace OliMove.Tools.PvSimulator;

/// <summary>How the simulator treats a request addressed to a unit id it is not.</summary>
public enum UnknownUnitReply
{
    /// <summary>Answer exception 0x0B, as a Modbus TCP gateway does for a device that is not there.</summary>
    GatewayTargetFailedToRespond,

    /// <summary>Say nothing, as many inverters do.</summary>
    Silence,
}
