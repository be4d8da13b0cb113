using System.Globalization;
using System.Net;
using OliMove.Modbus.Forecast;
using OliMove.Tools.PvSimulator;

// pv-simulator: a SunSpec Modbus TCP inverter serving the JPL PV year, or (forecast-bench) the forecast benchmark.
var arguments = args.ToList();
if (arguments.Contains("--help") || arguments.Contains("-h"))
{
    Console.WriteLine("""
        usage: pv-simulator [--listen 127.0.0.1] [--port 1502] [--unit 1] [--base 40000|50000|0] [--rated-w 10000]
                            [--float] [--speed 1] [--start 2026-06-21T08:00:00Z] [--data data/acn-caltech/pv_jpl_220kWdc_year.csv]
               pv-simulator forecast-bench [--data ...] [--envelope-days 14] [--profile-days 3] [--fit-days 7] [--clearness-slots 4]
        """);
    return 0;
}

try
{
    var dataPath = Option("--data") ?? FindData();
    var year = PvYearProfile.Load(dataPath);
    if (arguments.FirstOrDefault() == "forecast-bench")
    {
        var defaults = new PvForecasterOptions();
        var forecastOptions = new PvForecasterOptions
        {
            EnvelopeDays = int.Parse(Option("--envelope-days") ?? defaults.EnvelopeDays.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            ProfileDays = int.Parse(Option("--profile-days") ?? defaults.ProfileDays.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            FitDays = int.Parse(Option("--fit-days") ?? defaults.FitDays.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            ClearnessSlots = int.Parse(Option("--clearness-slots") ?? defaults.ClearnessSlots.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        };
        Console.Write(ForecastBenchmark.Run(year, forecastOptions));
        return 0;
    }

    var options = new SimulatorOptions
    {
        ListenAddress = IPAddress.Parse(Option("--listen") ?? "127.0.0.1"),
        Port = int.Parse(Option("--port") ?? "1502", CultureInfo.InvariantCulture),
        UnitId = byte.Parse(Option("--unit") ?? "1", CultureInfo.InvariantCulture),
        BaseAddress = int.Parse(Option("--base") ?? "40000", CultureInfo.InvariantCulture),
        RatedPowerW = double.Parse(Option("--rated-w") ?? "10000", CultureInfo.InvariantCulture),
        UseFloatModel = arguments.Contains("--float"),
    };
    var speed = double.Parse(Option("--speed") ?? "1", CultureInfo.InvariantCulture);
    var start = Option("--start") is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
    var clock = new AcceleratedTimeProvider(start, speed);

    // The 220 kWdc array scaled to the inverter's rating.
    await using var simulator = new SunSpecInverterSimulator(options, clock, t => year.FractionOfPeak(t) * options.RatedPowerW);
    var port = simulator.Start();
    Console.WriteLine($"SunSpec inverter on {options.ListenAddress}:{port} unit {options.UnitId}, base {options.BaseAddress}, " +
        $"model {(options.UseFloatModel ? 113 : 103)}, rated {options.RatedPowerW} W, clock {start:O} x{speed}. Ctrl+C stops.");

    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    while (!stop.IsCancellationRequested)
    {
        Console.WriteLine($"{clock.GetUtcNow():O}  {simulator.CurrentPowerW,10:0} W");
        await Task.Delay(TimeSpan.FromSeconds(10), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    return 0;
}
catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or OverflowException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"pv-simulator: {ex.Message}");
    return 2;
}

string? Option(string name)
{
    var i = arguments.IndexOf(name);
    if (i < 0)
    {
        return null;
    }

    return i + 1 < arguments.Count ? arguments[i + 1] : throw new ArgumentException($"{name} needs a value");
}

static string FindData()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "data", "acn-caltech", "pv_jpl_220kWdc_year.csv");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new ArgumentException("data/acn-caltech/pv_jpl_220kWdc_year.csv not found above the working directory; pass --data");
}
