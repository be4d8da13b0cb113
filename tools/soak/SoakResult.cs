namespace OliMove.Tools.Soak;

/// <summary>Everything a soak run measured, and its verdict.</summary>
public sealed record SoakResult
{
    public required SoakOptions Options { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>Generating the site map, starting the service and connecting the fleet (real time).</summary>
    public required TimeSpan SetupDuration { get; init; }

    /// <summary>The whole run, setup and checks included (real time).</summary>
    public required TimeSpan RealDuration { get; init; }

    /// <summary>The service with every charge point connected, just before the window.</summary>
    public required HourlySample Baseline { get; init; }

    public required IReadOnlyList<HourlySample> Samples { get; init; }

    /// <summary>After the window, with every charge point back online and nothing queued.</summary>
    public required HourlySample Final { get; init; }

    public required SlotLedger Slots { get; init; }

    /// <summary>Finished slots in the window without a chain outbox record.</summary>
    public required IReadOnlyList<DateTimeOffset> SlotsWithoutRecord { get; init; }

    public required FleetCounters Fleet { get; init; }

    public required int TransactionsStored { get; init; }

    public required int OpenTransactionsStored { get; init; }

    public required int ChargingAtEnd { get; init; }

    /// <summary>Acknowledged transaction ids with no stored row of the same charge point.</summary>
    public required int AcknowledgedNotStored { get; init; }

    /// <summary>Meter samples stored (distinct charge point and instant, periodic context).</summary>
    public required long MeterSamplesStored { get; init; }

    public required int ServiceErrorLines { get; init; }

    public required IReadOnlyList<string> FirstServiceErrors { get; init; }

    public required string WorkDirectory { get; init; }

    public required IReadOnlyList<SoakCheck> Checks { get; init; }

    public bool Passed => Checks.All(c => c.Passed);
}
