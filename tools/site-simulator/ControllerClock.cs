namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// Takes the controller's clock for the simulator's own accelerated clock. One reading is not enough on a loaded
/// machine: whatever real time passes between the controller reading its clock and the simulator starting its own
/// (HTTP, JSON, JIT, a descheduled process) becomes a lag of that time × the speed, and at 600× a lag of 0.2 s
/// real is two simulated minutes, enough for a charger's StartTransaction to predate the driver's card claim
/// (CardBinding.ClockTolerance). So several readings are taken and the one with the shortest round trip kept
/// (Cristian's method): its error is at most half that round trip × the speed.
/// </summary>
public static class ControllerClock
{
    public const int Readings = 9;

    /// <param name="read">Asks the controller for its clock (one request).</param>
    /// <param name="real">The real clock the round trips are measured on (<see cref="TimeProvider.System"/>).</param>
    public static async Task<ControllerClockReading> ReadBestAsync(
        Func<CancellationToken, Task<DateTimeOffset>> read, TimeProvider real, int readings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(readings);
        ControllerClockReading? best = null;
        for (var i = 0; i < readings; i++)
        {
            var sent = real.GetTimestamp();
            var controllerTime = await read(ct);
            var received = real.GetTimestamp();
            var reading = new ControllerClockReading(controllerTime, real.GetElapsedTime(sent, received), received);
            if (best is null || reading.RoundTrip < best.RoundTrip)
            {
                best = reading;
            }
        }

        return best!;
    }
}
