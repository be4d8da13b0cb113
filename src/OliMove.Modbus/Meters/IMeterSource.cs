namespace OliMove.Modbus.Meters;

/// <summary>A meter the poller can read: a SunSpec meter model or a vendor register map.</summary>
public interface IMeterSource
{
    Task<MeterPowerReading> ReadPowerAsync(CancellationToken cancellationToken = default);
}
