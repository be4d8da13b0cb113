namespace OliMove.Scheduling;

/// <summary>
/// Re-planning input when an EV draws less than offered (battery taper, full, the car's own limit): its max as seen
/// drops to what it drew, so the next plan gives the unused power to others and an accepted request that then
/// misses is flagged <see cref="SessionStatus.LimitedByVehicle"/>, not counted as our miss. When the EV takes all
/// it is offered at its max as seen, the max is probed upwards again, step by step (acnportal's rampdown).
/// </summary>
public static class VehicleRampdown
{
    /// <summary>The vehicle max as seen for the next snapshot, from the last slot's offer and measured draw (W).</summary>
    public static long NextVehicleMaxW(long vehicleMaxW, long connectorMaxW, long offeredW, long drawnW, RampdownParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (offeredW <= 0 || drawnW < 0)
            return vehicleMaxW; // nothing offered, nothing learnt
        if (drawnW < offeredW - parameters.DownThresholdW)
            return Math.Min(vehicleMaxW, drawnW);
        if (offeredW >= vehicleMaxW && vehicleMaxW < connectorMaxW)
            return Math.Min(connectorMaxW, vehicleMaxW + parameters.UpStepW);
        return vehicleMaxW;
    }
}
