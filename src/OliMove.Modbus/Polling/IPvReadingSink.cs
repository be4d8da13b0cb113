namespace OliMove.Modbus.Polling;

/// <summary>Where the poller hands every reading for storage. The host implements it (SQLite).</summary>
public interface IPvReadingSink
{
    Task StoreAsync(PvReading reading, CancellationToken cancellationToken);
}
