namespace OliMove.Scheduling.Batteries;

/// <summary>The plan for one battery.</summary>
/// <param name="BatteryId">From the snapshot.</param>
/// <param name="SetpointW">Power for the current slot (slot 0): positive charges, negative discharges.</param>
/// <param name="PowerW">Planned power per slot over the horizon (positive = drawn from the circuit, as for meters).</param>
/// <param name="StoredWh">Energy held at the end of each slot if the plan is followed; never below the reserve.</param>
public sealed record BatteryPlan(string BatteryId, long SetpointW, IReadOnlyList<long> PowerW, IReadOnlyList<long> StoredWh);
