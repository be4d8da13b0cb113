using Serilog.Core;
using Serilog.Events;

namespace OliMove.Edge.Testing;

/// <summary>
/// Keeps every Error or Fatal event the service logged, so that an end-to-end test can say "nothing failed
/// behind the scenes": a run whose every SetChargingProfile throws can otherwise still look healthy from outside.
/// </summary>
public sealed class ErrorLogRecorder : ILogEventSink
{
    private readonly object _lock = new();
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.Level < LogEventLevel.Error)
        {
            return;
        }

        var line = $"{logEvent.Timestamp:HH:mm:ss.fff} {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}"
            + (logEvent.Exception is { } e ? $": {e.GetType().Name}: {e.Message}" : string.Empty);
        lock (_lock)
        {
            _errors.Add(line);
        }
    }
}
