namespace OliMove.Storage;

/// <summary>What a stored other-load history measures (decision 0351); stored as 'circuit', 'load' or 'grid'.</summary>
public enum OtherLoadSource
{
    /// <summary>A circuit's meter minus the chargers below it, keyed by the circuit's id.</summary>
    Circuit,

    /// <summary>A meter on one other load, keyed by the load's id.</summary>
    Load,

    /// <summary>The grid meter's residual (grid − chargers − batteries + PV), keyed by the meter's id.</summary>
    Grid,
}
