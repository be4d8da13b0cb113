namespace OliMove.SiteMap.Model;

/// <summary>A stationary battery on a circuit (decision 0268).</summary>
/// <param name="CapacityWh">Nominal capacity.</param>
/// <param name="UsableEnergyWh">Usable energy: the state of charge is a share of it.</param>
public sealed record BatteryDefinition(string Id, string CircuitId, double CapacityWh, double UsableEnergyWh)
{
    /// <summary>Energy never planned out of the battery (backup, ageing), Wh of the usable energy; 10 % unless declared.</summary>
    public double ReserveWh { get; init; }

    /// <summary>Largest charging power the edge asks for, W; null: the battery's own limit (model 124 WChaMax).</summary>
    public long? MaxChargeW { get; init; }

    /// <summary>Largest discharging power the edge asks for, W; null: the battery's own limit.</summary>
    public long? MaxDischargeW { get; init; }

    /// <summary>May charge from grid capacity no car uses (a peak-shaving battery refilled in quiet hours); else PV surplus only.</summary>
    public bool ChargeFromGrid { get; init; }

    /// <summary>Where its SunSpec storage model 124 is read and its setpoints written; null: registered, not controlled.</summary>
    public ModbusEndpoint? Modbus { get; init; }
}
