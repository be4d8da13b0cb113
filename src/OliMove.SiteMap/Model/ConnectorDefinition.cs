namespace OliMove.SiteMap.Model;

/// <summary>
/// One connector of a charge point. <see cref="Phase"/> is set exactly for single-phase connectors.
/// <see cref="RatedPowerW"/> is in whole W (decision 0207). <see cref="MaxCurrentA"/> is the configured value or, when absent, rated power / (phases × nominal voltage).
/// <see cref="SwitchesToOnePhase"/>: set for a 3-phase connector whose charger can switch a running transaction to one
/// phase (OCPP 1.6 §9.4.4 ConnectorSwitch3to1PhaseSupported), naming the site conductor it then loads; null when it
/// cannot (decision 0324).
/// </summary>
public sealed record ConnectorDefinition(
    int ConnectorId,
    string EvseId,
    ConnectionType ConnectionType,
    long RatedPowerW,
    int Phases,
    PhaseConductor? Phase,
    double MinCurrentA,
    double MaxCurrentA,
    PhaseConductor? SwitchesToOnePhase = null);
