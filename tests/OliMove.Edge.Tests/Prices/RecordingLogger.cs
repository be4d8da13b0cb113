using Microsoft.Extensions.Logging;

namespace OliMove.Edge.Tests.Prices;

/// <summary>Keeps every message logged at Information or above, to check what is logged once.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            Messages.Add(formatter(state, exception));
    }
}
