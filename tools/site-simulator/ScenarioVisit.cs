namespace OliMove.Tools.SiteSimulator;

/// <summary>One car's stay at one connector of the simulated site, taken from a Caltech session.</summary>
/// <param name="RequestedEnergyWh">The energy the Caltech EV received: what this driver would ask for.</param>
/// <param name="OptsIn">Whether the driver would make a charging request through the app.</param>
public sealed record ScenarioVisit(
    string SessionId,
    ScenarioConnector Connector,
    string IdTag,
    DateTimeOffset Arrival,
    DateTimeOffset Departure,
    double RequestedEnergyWh,
    double BatteryCapacityWh,
    double InitialSoCPercent,
    double CarMaxPowerW,
    bool OptsIn)
{
    public BatteryCar NewCar() => new(BatteryCapacityWh, InitialSoCPercent, CarMaxPowerW, reportsSoC: Connector.IsDc);
}
