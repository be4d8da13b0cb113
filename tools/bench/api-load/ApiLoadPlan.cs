namespace OliMove.Bench.ApiLoad;

/// <summary>
/// How many clients of each kind, for how long, and how the site behaves meanwhile. The defaults are the
/// benchmark's 200 clients; the CI test gives fixed request counts instead of a duration.
/// </summary>
public sealed record ApiLoadPlan
{
    /// <summary>Cockpits on GET /api/v1/events (viewer token).</summary>
    public int CockpitStreams { get; init; } = 50;

    /// <summary>Driver apps on GET /api/v1/me/events, spread over the drivers.</summary>
    public int DriverStreams { get; init; } = 50;

    /// <summary>Cockpit-like clients polling the status API (viewer token).</summary>
    public int ViewerPollers { get; init; } = 50;

    /// <summary>Driver apps polling /api/v1/me/... (spread over the drivers).</summary>
    public int DriverPollers { get; init; } = 50;

    public int Clients => CockpitStreams + DriverStreams + ViewerPollers + DriverPollers;

    /// <summary>Drivers signed up, one per charge point from the first, each charging there under their own idTag; null = one per charge point.</summary>
    public int? Drivers { get; init; }

    /// <summary>Requests each poller makes; null = poll until <see cref="LoadDuration"/> has passed.</summary>
    public int? RequestsPerPoller { get; init; }

    public TimeSpan LoadDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// OCPP traffic alone before any API client connects: the first half warms the service up, the second gives the
    /// chargers' round trips without API load.
    /// </summary>
    public TimeSpan IdleBaseline { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Each charger's MeterValues interval (the chargers are staggered over it).</summary>
    public TimeSpan MeterInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A Heartbeat every this many MeterValues.</summary>
    public int HeartbeatEvery { get; init; } = 6;

    /// <summary>A poller's pause between two requests (0: back to back, the heaviest load).</summary>
    public TimeSpan Think { get; init; } = TimeSpan.Zero;

    /// <summary>Charge points whose status flips in one probe round; 0 = all of them.</summary>
    public int ChargersPerProbe { get; init; } = 5;

    /// <summary>Probe rounds; null = rounds until the load ends.</summary>
    public int? ProbeRounds { get; init; }

    public TimeSpan ProbePause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a probe round waits for every subscriber before it counts the rest as not delivered.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
