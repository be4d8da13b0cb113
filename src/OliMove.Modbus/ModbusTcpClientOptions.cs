namespace OliMove.Modbus;

/// <summary>Where a Modbus TCP device listens and how patiently to talk to it.</summary>
public sealed record ModbusTcpClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 502;

    /// <summary>Time allowed for connecting plus one request/reply exchange.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Wait after the first failure before the next connection attempt; doubles per failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws when a value is out of range, so a bad configuration fails at start-up with a clear message.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Modbus host must not be empty.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Modbus TCP port must be 1..65535.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive.");
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialBackoff), InitialBackoff, "Backoff must be >= 0 and <= MaxBackoff.");
        }
    }
}
