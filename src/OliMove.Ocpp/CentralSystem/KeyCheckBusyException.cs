namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Thrown by an <see cref="IChargePointDirectory"/> that cannot check a key now because its bound on parallel key
/// checks is full; the endpoint answers 503 with Retry-After and counts no failure (decision 0247).
/// </summary>
public sealed class KeyCheckBusyException(TimeSpan retryAfter)
    : Exception("too many key checks are under way; retry later")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
