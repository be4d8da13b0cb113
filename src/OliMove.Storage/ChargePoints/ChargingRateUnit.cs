namespace OliMove.Storage;

/// <summary>The unit a connector's charging profiles are written in (OCPP 1.6 ChargingRateUnitType).</summary>
public enum ChargingRateUnit
{
    /// <summary>Amperes per phase.</summary>
    A,

    /// <summary>Watts.</summary>
    W,
}
