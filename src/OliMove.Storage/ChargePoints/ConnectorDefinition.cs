namespace OliMove.Storage;

/// <summary>A connector as the site map describes it: what the allocator needs.</summary>
/// <param name="Phase">For a 1-phase connector, the phase it sits on (L1, L2 or L3); null when 3-phase or unknown.</param>
public sealed record ConnectorDefinition(
    int ConnectorId,
    string? ConnectionType,
    int Phases,
    string? Phase,
    double MinCurrentA,
    double MaxCurrentA,
    double RatedPowerW,
    ChargingRateUnit ChargingRateUnit);
