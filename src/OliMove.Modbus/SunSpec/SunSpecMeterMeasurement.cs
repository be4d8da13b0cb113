namespace OliMove.Modbus.SunSpec;

/// <summary>
/// One read of a SunSpec meter model (201 single phase, 202 split phase, 203 wye, 204 delta), all points from the
/// same request. Power is rounded to integer W at this edge.
/// </summary>
/// <param name="ModelId">201, 202, 203 or 204.</param>
/// <param name="PowerW">Total real power W, positive = import; null when not implemented.</param>
/// <param name="Phases">Phase A first: one entry for 201, two for 202, three for 203/204.</param>
/// <param name="ImportedEnergyWh">Total real energy imported (TotWhImp), Wh.</param>
/// <param name="ExportedEnergyWh">Total real energy exported (TotWhExp), Wh.</param>
/// <param name="FrequencyHz">Line frequency, Hz.</param>
public sealed record SunSpecMeterMeasurement(
    ushort ModelId,
    long? PowerW,
    IReadOnlyList<SunSpecMeterPhase> Phases,
    double? ImportedEnergyWh,
    double? ExportedEnergyWh,
    double? FrequencyHz);
