namespace OliMove.SiteMap.Model;

/// <summary>The unit a charge point accepts in SetChargingProfile (OCPP 1.6 §7.14 ChargingRateUnitType).</summary>
public enum ChargingRateUnit
{
    A,
    W,
}
