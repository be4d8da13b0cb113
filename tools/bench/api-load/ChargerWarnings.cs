using Microsoft.Extensions.Logging;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// The simulated chargers' logger: a warning from a charger (a transaction message refused and dropped) is a
/// failure of the fleet; anything less is ignored.
/// </summary>
public sealed class ChargerWarnings(ChargerFleet fleet) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            fleet.Refused(formatter(state, exception));
        }
    }
}
