namespace OliMove.Modbus.Forecast;

/// <summary>
/// One stored quarter hour of a circuit's measured other load (meter minus the chargers below it).
/// </summary>
/// <param name="Start">UTC start of the quarter.</param>
/// <param name="MeanW">Mean of the valid readings, whole W.</param>
/// <param name="MaxW">Highest valid reading in the quarter, whole W: what the conservative envelope is made of, so a
/// short peak inside a quarter is not averaged away.</param>
public sealed record OtherLoadQuarter(DateTimeOffset Start, long MeanW, long MaxW);
