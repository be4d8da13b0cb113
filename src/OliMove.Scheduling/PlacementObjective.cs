namespace OliMove.Scheduling;

/// <summary>What the best-effort energy of a plan is placed to minimise when a group has <see cref="EnergySignals"/>.</summary>
public enum PlacementObjective
{
    /// <summary>Energy cost at the slot's import price plus the demand charge on the billing period's peak.</summary>
    Cost,

    /// <summary>Grams of CO₂ at the slot's grid intensity; no demand charge.</summary>
    Co2,
}
