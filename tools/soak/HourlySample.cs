namespace OliMove.Tools.Soak;

/// <summary>One simulated hour's look at the service and the fleet.</summary>
/// <param name="Service">Memory, descriptors and sockets of the service process; null off Linux.</param>
/// <param name="ConnectedPerApi">Charge points /api/v1/chargepoints reports connected.</param>
/// <param name="OnlineInFleet">Charge points the fleet holds connected (not in a drop).</param>
/// <param name="MissedSoFar">Group × boundary pairs without an archived plan, up to the last boundary read.</param>
public sealed record HourlySample(
    DateTimeOffset SimulatedAt,
    TimeSpan RealElapsed,
    ProcessResources? Service,
    int ConnectedPerApi,
    int OnlineInFleet,
    int Charging,
    int PlannedSoFar,
    int ExpectedSoFar,
    int MissedSoFar,
    long DatabaseBytes,
    long StartsMade,
    long MeterSamples,
    long Heartbeats,
    long Drops,
    TimeSpan ApiLatency);
