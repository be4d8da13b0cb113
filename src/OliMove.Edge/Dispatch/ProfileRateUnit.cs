namespace OliMove.Edge.Dispatch;

/// <summary>The unit a charge point accepts in its charging schedules (OCPP 1.6 §7.9 ChargingRateUnitType).</summary>
public enum ProfileRateUnit
{
    /// <summary>Amperes per phase.</summary>
    A,

    /// <summary>Watts, total over the phases used.</summary>
    W,
}
