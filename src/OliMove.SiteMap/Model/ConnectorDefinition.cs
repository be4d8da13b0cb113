namespace OliMove.SiteMap.Model;

/// <summary>
/// One connector of a charge point. <see cref="Phase"/> is set exactly for single-phase connectors.
/// <see cref="RatedPowerW"/> is in whole W (decision 0207). <see cref="MaxCurrentA"/> is the configured value or, when absent, rated power / (phases × nominal voltage).
/// </summary>
public sealed record ConnectorDefinition(
    int ConnectorId,
    string EvseId,
    ConnectionType ConnectionType,
    long RatedPowerW,
    int Phases,
    PhaseConductor? Phase,
    double MinCurrentA,
    double MaxCurrentA);
