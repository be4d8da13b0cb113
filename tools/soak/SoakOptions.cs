namespace OliMove.Tools.Soak;

/// <summary>
/// One soak run: how many charge points, how many simulated days, how fast, and the bounds its verdict uses.
/// Intervals are simulated time. Accelerated time compresses the message rate, so the heartbeat and meter
/// intervals given to the service decide the OCPP load as much as the charge point count does.
/// </summary>
public sealed record SoakOptions
{
    public int ChargePoints { get; init; } = 1_000;

    /// <summary>Charge points per cabinet; every cabinet is one charging group.</summary>
    public int PerCabinet { get; init; } = 10;

    /// <summary>Each cabinet's limit: 10 × 11 kW connectors on 44 kW, so the allocator has to share at peaks.</summary>
    public long CabinetLimitW { get; init; } = 44_000;

    public double Days { get; init; } = 7;

    /// <summary>Simulated seconds per real second, for the service and the fleet alike.</summary>
    public double Speed { get; init; } = 300;

    public int Seed { get; init; } = 12;

    /// <summary>The service's BootNotification interval (realistic sites use 300–900 s).</summary>
    public int HeartbeatIntervalSeconds { get; init; } = 900;

    /// <summary>The MeterValueSampleInterval the service configures on every charger.</summary>
    public int MeterValueSampleIntervalSeconds { get; init; } = 300;

    /// <summary>Share of charge points that lose their connection (no close handshake) on a given day.</summary>
    public double DropsPerChargePointPerDay { get; init; } = 0.1;

    /// <summary>Verdict: the last day's median RSS may exceed the first day's by at most this share.</summary>
    public double MemoryGrowthBound { get; init; } = 0.20;

    /// <summary>Verdict: open descriptors at the end may exceed those at the start by at most this many.</summary>
    public int DescriptorGrowthBound { get; init; } = 16;

    /// <summary>
    /// The service's clock at its start. Setup (hashing keys, starting, connecting) takes simulated hours at high
    /// speed: 1,000 charge points take about two real minutes, six simulated hours at 300×, so the default
    /// Sunday 18:00 opens the window near Monday 00:00.
    /// </summary>
    public DateTimeOffset ClockStart { get; init; } = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    /// <summary>Where the service's site map, config, SQLite file and logs go; a fresh temp folder when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep the work directory after the run (it is deleted when the run passes otherwise).</summary>
    public bool KeepWorkDirectory { get; init; }

    /// <summary>Progress lines (one per simulated hour); null = silent.</summary>
    public Action<string>? Progress { get; init; }

    public int Cabinets => (ChargePoints + PerCabinet - 1) / PerCabinet;

    public TimeSpan Duration => TimeSpan.FromDays(Days);

    public void Validate()
    {
        if (ChargePoints < 1 || PerCabinet < 1 || CabinetLimitW < 1 || Days <= 0 || Speed is <= 0 or > 100_000
            || HeartbeatIntervalSeconds < 1 || MeterValueSampleIntervalSeconds < 1 || DropsPerChargePointPerDay < 0)
        {
            throw new ArgumentException("soak options out of range: charge points, per cabinet, cabinet limit, days, intervals must be positive; speed in (0, 100000]");
        }
    }
}
