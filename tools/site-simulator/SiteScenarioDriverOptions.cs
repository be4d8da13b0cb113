namespace OliMove.Tools.SiteSimulator;

/// <summary>How the fleet talks to the controller and how often it moves. Intervals are on the scenario clock.</summary>
public sealed record SiteScenarioDriverOptions
{
    /// <summary>The controller's OCPP base address, e.g. ws://127.0.0.1:8080/ocpp (the id is appended).</summary>
    public required Uri CentralSystem { get; init; }

    /// <summary>The AuthorizationKey of a charge point; the demo site map's keys are demo-key-&lt;id&gt;.</summary>
    public Func<string, string> KeyFor { get; init; } = id => $"demo-key-{id}";

    public double NominalVoltageV { get; init; } = 230;

    /// <summary>Arrivals and departures are checked, and the cars' draw recomputed, this often.</summary>
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>MeterValues (energy, power, SoC on DC) per running transaction this often.</summary>
    public TimeSpan MeterSampleInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>OCPP call timeout on the scenario clock: scale it with the clock speed (5 s real × speed).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called before an opted-in driver plugs in (e.g. a charging request through the app's API); its
    /// failure is logged and the car plugs in anyway, as a non-participant.</summary>
    public Func<ScenarioVisit, CancellationToken, Task<string>>? BeforeOptedInPlugIn { get; init; }
}
