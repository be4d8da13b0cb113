using OliMove.Edge.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace OliMove.Edge.Logging;

/// <summary>Serilog: readable lines on the console, compact JSON in a daily rolling file for machines.</summary>
public static class EdgeLogging
{
    public static Serilog.ILogger Create(LogOptions options)
    {
        if (!Enum.TryParse<LogEventLevel>(options.MinimumLevel, ignoreCase: true, out var level))
        {
            throw new EdgeConfigurationException($"Logs.MinimumLevel '{options.MinimumLevel}' is not a Serilog level");
        }

        Directory.CreateDirectory(options.Directory);
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext:l}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(options.Directory, "olimove-edge-.clef"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
            .CreateLogger();
    }
}
