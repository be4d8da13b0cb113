using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OliMove.Bench.Scheduling;

// Usage (from the repository root):
//   dotnet run -c Release --project tools/bench/scheduling -- quality [--admission] [--capacities 10,50,125] [--data file.csv]
//   dotnet run -c Release --project tools/bench/scheduling -- speed
string verb = args.Length > 0 ? args[0] : "";
static double Cpu(Func<object> run, int times = 9)
{
    run();
    var p = System.Diagnostics.Process.GetCurrentProcess();
    var before = p.TotalProcessorTime;
    for (int i = 0; i < times; i++)
        run();
    p.Refresh();
    return (p.TotalProcessorTime - before).TotalMilliseconds / times;
}
static double Median(Func<object> run, int times = 9)
{
    var ms = new List<double>();
    for (int i = 0; i < times; i++)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        run();
        ms.Add(clock.Elapsed.TotalMilliseconds);
    }
    ms.Sort();
    return ms[ms.Count / 2];
}
string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

switch (verb)
{
    case "quality":
        {
            var sessions = CaltechData.Load(CaltechData.FindFile(Option("--data")));
            bool admission = args.Contains("--admission");
            var capacities = Option("--capacities") is { } list
                ? list.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()
                : Enumerable.Range(0, 24).Select(i => 10 + 5 * i).ToArray();
            long requested = sessions.Sum(s => QualityBenchmark.Units(s.EnergyWh));
            Console.WriteLine($"Caltech: {sessions.Count} sessions, {requested / 12 / 1000.0:F1} kWh requested; 5-min periods, {QualityBenchmark.MaxW} W per EV, no minimum.");
            Console.WriteLine(admission
                ? "| kW | ours % | accepted % of requested | accepted energy delivered % | plans | admissions | run s |"
                : "| kW | ours % | plain EDF % | offline optimum % | ours − optimum | plans | run s |");
            Console.WriteLine(admission ? "|---:|---:|---:|---:|---:|---:|---:|" : "|---:|---:|---:|---:|---:|---:|---:|");
            double sumOurs = 0, sumEdf = 0, sumOpt = 0, sumAcc = 0;
            foreach (int kw in capacities)
            {
                long limit = kw * 1000L;
                var run = QualityBenchmark.RunOnline(sessions, limit, admission);
                double ours = 100.0 * run.DeliveredUnits / requested;
                sumOurs += ours;
                if (admission)
                {
                    double acc = 100.0 * run.AcceptedDeliveredUnits / Math.Max(1, run.AcceptedUnits);
                    sumAcc += acc;
                    Console.WriteLine($"| {kw} | {ours:F3} | {100.0 * run.AcceptedUnits / requested:F3} | {acc:F4} | {run.Plans} | {run.Admissions} | {run.Elapsed.TotalSeconds:F1} |");
                }
                else
                {
                    double edf = 100.0 * PlainEdf.DeliveredUnits(sessions, limit, QualityBenchmark.MaxW) / requested;
                    double opt = 100.0 * OfflineOptimum.DeliveredUnits(sessions, limit, QualityBenchmark.MaxW) / requested;
                    sumEdf += edf;
                    sumOpt += opt;
                    Console.WriteLine($"| {kw} | {ours:F3} | {edf:F3} | {opt:F3} | {ours - opt:+0.000;-0.000;0.000} | {run.Plans} | {run.Elapsed.TotalSeconds:F1} |");
                }
            }
            int k = capacities.Length;
            Console.WriteLine(admission
                ? $"| mean | {sumOurs / k:F3} | | {sumAcc / k:F4} | | | |"
                : $"| mean | {sumOurs / k:F3} | {sumEdf / k:F3} | {sumOpt / k:F3} | {(sumOurs - sumOpt) / k:+0.000;-0.000;0.000} | | |");
            return 0;
        }
    case "golden-snapshots":
        {
            // Writes the allocator's golden inputs; their plan hashes are pinned in the test project.
            var sessions = CaltechData.Load(CaltechData.FindFile(Option("--data")));
            string output = Option("--out") ?? "tests/OliMove.Scheduling.Tests/GoldenPlans";
            Console.WriteLine($"{GoldenSnapshots.Write(output, sessions)} snapshots written to {output}");
            return 0;
        }
    case "speed":
        {
            var job = Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance);
            var config = ManualConfig.CreateMinimumViable().AddJob(job);
            BenchmarkRunner.Run<SpeedBenchmarks>(config);
            return 0;
        }
    case "quick":
        {
            // A fast Stopwatch check while developing; the recorded figures come from "speed".
            foreach (int n in args.Contains("--layers") ? [] : new[] { 50, 500, 5000 })
            {
                var setup = System.Diagnostics.Stopwatch.StartNew();
                var bench = new SpeedBenchmarks { Sessions = n };
                bench.Setup();
                Console.WriteLine($"{n} sessions: setup {setup.Elapsed.TotalSeconds:F1} s, plan {Median(() => bench.Plan()):F2} ms, admission {Median(() => bench.AdmissionAccepted()):F2} ms, refused + counter-offers {Median(() => bench.AdmissionRefusedWithCounterOffers(), 3):F1} ms");
            }
            if (args.Contains("--layers"))
            {
                // Which layer costs: the same 500-session group with everyone accepted-free, or everyone a walk-in.
                var g = SyntheticGroup.Create(500);
                var noAccepted = g with { Sessions = g.Sessions.Select(x => x with { Accepted = false }).ToArray() };
                var walkIns = g with { Sessions = g.Sessions.Select(x => x with { Accepted = false, OptedIn = false, DeclaredDeparture = null }).ToArray() };
                var onlyAccepted = g with { Sessions = g.Sessions.Where(x => x.Accepted).ToArray() };
                Console.WriteLine($"500: full {Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(g)):F2}, no accepted {Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(noAccepted)):F2}, walk-ins {Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(walkIns)):F2}, only accepted {Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(onlyAccepted)):F2} ms CPU");
            }
            return 0;
        }
    default:
        Console.Error.WriteLine("usage: quality [--admission] [--capacities 10,50] [--data file.csv] | speed");
        return 2;
}
