using System.Globalization;
using OliMove.Tools.CpSimulator;

// Runs N simulated charge points against a central system until Ctrl+C:
//   cp-simulator --url ws://127.0.0.1:8080/ocpp [--count 10] [--prefix SIM-] [--key KEY] [--car-kw 11] [--plug-in yes]
// With --plug-in yes every charge point starts a transaction on connector 1 (idTag <id>-TAG) once accepted.
var settings = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--url"] = "ws://127.0.0.1:8080/ocpp",
    ["--count"] = "10",
    ["--prefix"] = "SIM-",
    ["--car-kw"] = "11",
};
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}'");
        return 2;
    }
    settings[args[i]] = args[i + 1];
}
if (!Uri.TryCreate(settings["--url"], UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss")
    || !int.TryParse(settings["--count"], CultureInfo.InvariantCulture, out var count) || count < 1
    || !double.TryParse(settings["--car-kw"], CultureInfo.InvariantCulture, out var carKw) || carKw <= 0)
{
    Console.Error.WriteLine("usage: cp-simulator --url ws://host:port/ocpp [--count N] [--prefix ID-] [--key AuthorizationKey] [--car-kw 11]");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var chargePoints = Enumerable.Range(1, count).Select(n => new SimulatedChargePoint(new SimulatedChargePointOptions
{
    ChargePointId = settings["--prefix"] + n.ToString("D3", CultureInfo.InvariantCulture),
    CentralSystem = url,
    AuthorizationKey = settings.GetValueOrDefault("--key"),
    CarForRemoteStart = () => new FixedLimitCar(carKw * 1000),
})).ToArray();
Console.WriteLine($"{count} charge points connecting to {url}; Ctrl+C stops them");
await Task.WhenAll(chargePoints.Select(cp => cp.RunAsync(stop.Token))
    .Concat(settings["--plug-in"] == "yes" ? chargePoints.Select(cp => PlugInWhenAcceptedAsync(cp, carKw, stop.Token)) : []));
foreach (var cp in chargePoints)
{
    await cp.DisposeAsync();
}
return 0;

static async Task PlugInWhenAcceptedAsync(SimulatedChargePoint cp, double carKw, CancellationToken ct)
{
    try
    {
        while (cp.BootStatus != OliMove.Ocpp.Messages.RegistrationStatus.Accepted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
        await cp.StartTransactionAsync(1, cp.ChargePointId + "-TAG", new FixedLimitCar(carKw * 1000), ct);
    }
    catch (OperationCanceledException) when (ct.IsCancellationRequested)
    {
    }
}
