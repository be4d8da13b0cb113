using System.Globalization;
using OliMove.Bench.Scheduling;
using OliMove.Bench.SiteEnergy;

// Usage (from the repository root):
//   dotnet run -c Release --project tools/bench/site-energy -- [--limits 150] [--scale 0.5] [--battery-kwh 100]
//       [--battery-kw 50] [--reserve-percent 10] [--initial-percent 50] [--days 31] [--data sessions.csv] [--building file.csv]
//       [--limits 90,100,110] [--quantile 0.95] [--margin-percent 10] [--margin-w 1000]
string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
double Number(string name, double fallback) => Option(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

var limits = (Option("--limits") ?? "150").Split(',').Select(x => (long)(double.Parse(x, CultureInfo.InvariantCulture) * 1000)).ToArray();
double scale = Number("--scale", 0.5);
int days = (int)Number("--days", 31);
long batteryWh = (long)(Number("--battery-kwh", 100) * 1000);
long batteryW = (long)(Number("--battery-kw", 50) * 1000);
var forecast = new OliMove.Modbus.Forecast.OtherLoadForecasterOptions
{
    EnvelopeQuantile = Number("--quantile", 0.95),
    MarginFraction = Number("--margin-percent", 10) / 100,
    MarginW = (long)Number("--margin-w", 1000),
};
var battery = new BatterySpec(batteryWh, (long)(batteryWh * Number("--reserve-percent", 10) / 100), batteryW, batteryW, (long)(batteryWh * Number("--initial-percent", 50) / 100));

var sessions = CaltechData.Load(CaltechData.FindFile(Option("--data"))).Where(s => s.DeparturePeriod <= days * 288).ToList();
var building = BuildingLoad.Load(BuildingLoad.FindFile(Option("--building")), scale);
long requested = sessions.Sum(s => SiteSimulator.Units(s.EnergyWh));
string Percent(long units) => (100.0 * units / requested).ToString("F2", CultureInfo.InvariantCulture);
static string F(double x, string format = "F1") => x.ToString(format, CultureInfo.InvariantCulture);

// The storage max-flow without storage and with a flat limit is the scheduling bench's offline optimum.
foreach (long limitW in limits)
{
    long plain = OfflineOptimum.DeliveredUnits(sessions, limitW, SiteSimulator.MaxW);
    long mine = SiteOfflineOptimum.DeliveredUnits(sessions, _ => limitW, SiteSimulator.MaxW, null);
    if (plain != mine)
        throw new InvalidOperationException($"self-check: offline optimum {plain} != {mine} at {limitW} W");
}

Console.WriteLine($"Caltech March 2019, first {days} days: {sessions.Count} sessions, {F(requested / 12 / 1000.0)} kWh requested; 5-min periods, {SiteSimulator.MaxW} W per EV, no minimum; every EV asks for a guarantee (takes the counter-offer when refused).");
Console.WriteLine($"Building = DOE medium office (LA) x {scale}: declared worst case {F(building.WorstCaseW / 1000.0)} kW (the year's peak), in these days {F(Enumerable.Range(0, days * 288).Min(building.AtPeriodW) / 1000.0)}..{F(Enumerable.Range(0, days * 288).Max(building.AtPeriodW) / 1000.0)} kW.");
Console.WriteLine($"Battery: {F(battery.CapacityWh / 1000.0, "F0")} kWh usable, reserve {F(battery.ReserveWh / 1000.0, "F0")} kWh, {F(battery.MaxDischargeW / 1000.0, "F0")} kW in and out, {F(battery.InitialWh / 1000.0, "F0")} kWh on March 1, charged from idle grid capacity (no PV in this cabinet), lossless.");
var misses = new SiteSimulator(sessions, building, limits[0], null, forecast).EnvelopeMisses(days * 288);
Console.WriteLine($"Envelope: quantile {forecast.EnvelopeQuantile} of the quarters of the last {forecast.HistoryDays} days + {F(forecast.MarginFraction * 100, "F0")} % + {forecast.MarginW} W; the building was above the envelope forecast a quarter before in {misses.Above} of {misses.Quarters} quarters (largest excess {F(misses.MaxExcessW / 1000.0)} kW).");
Console.WriteLine("Delivered = % of the requested energy; accepted met = % of the accepted (or counter-offered) energy delivered; over = minutes the cabinet (cars + building + battery) was above its limit.");
Console.WriteLine();
Console.WriteLine("| limit kW | battery | (a) static % | (b) measured + envelope % | (c) offline optimum % | accepted met (a) / (b) % | over (a) / (b) min | battery out (a) / (b) kWh | battery lowest (a) / (b) kWh | plans | plan ms (b) median (p10..p90) |");
Console.WriteLine("|---:|---|---:|---:|---:|---|---|---|---|---:|---|");
foreach (long limitW in limits)
{
    foreach (var spec in new BatterySpec?[] { null, battery })
    {
        var simulator = new SiteSimulator(sessions, building, limitW, spec, forecast);
        var a = simulator.Run(Headroom.StaticWorstCase);
        var b = simulator.Run(Headroom.MeasuredWithEnvelope);
        long optimum = SiteOfflineOptimum.DeliveredUnits(sessions, p => limitW - building.AtPeriodW(p), SiteSimulator.MaxW, spec);
        var ms = b.PlanMilliseconds.Order().ToArray();
        string Q(double q) => F(ms[(int)Math.Min(ms.Length - 1, q * ms.Length)]);
        static string Met(SiteRun r) => r.AcceptedUnits == 0 ? "none accepted" : F(100.0 * r.AcceptedDeliveredUnits / r.AcceptedUnits, "F3");
        string Kwh(long wh) => spec is null ? "-" : F(wh / 1000.0, "F0");
        Console.WriteLine($"| {F(limitW / 1000.0, "F0")} | {(spec is null ? "none" : F(spec.CapacityWh / 1000.0, "F0") + " kWh")} | {Percent(a.DeliveredUnits)} | {Percent(b.DeliveredUnits)} | {Percent(optimum)} | "
            + $"{Met(a)} / {Met(b)} | {a.MinutesOverLimit} / {b.MinutesOverLimit} | {Kwh(a.BatteryDischargedWh)} / {Kwh(b.BatteryDischargedWh)} | {Kwh(a.MinBatteryWh)} / {Kwh(b.MinBatteryWh)} | {ms.Length} | {Q(0.5)} ({Q(0.1)}..{Q(0.9)}) |");
    }
}
return 0;
