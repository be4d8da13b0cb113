using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OliMove.Bench.Scheduling;
using OliMove.Scheduling;
using OliMove.Scheduling.Baselines;

// Usage (from the repository root):
//   dotnet run -c Release --project tools/bench/scheduling -- quality [--admission] [--capacities 10,50,125] [--data file.csv]
//   dotnet run -c Release --project tools/bench/scheduling -- cost [--limit-kw 150] [--co2] [--sweep] [--tariff file.json] [--data file.csv]
//   dotnet run -c Release --project tools/bench/scheduling -- speed [--signals]
//   dotnet run -c Release --project tools/bench/scheduling -- profile [--signals] [--sessions 500] [--times 200]
//   dotnet run -c Release --project tools/bench/scheduling -- golden-snapshots [--out dir]
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
            long requested = sessions.Sum(s => OnlineSimulator.Units(s.EnergyWh));
            double Percent(long units) => 100.0 * units / requested;
            Console.WriteLine($"Caltech: {sessions.Count} sessions, {requested / 12 / 1000.0:F1} kWh requested; 5-min periods, {OnlineSimulator.MaxW} W per EV, no minimum.");
            var allocator = new LayeredAllocator();
            if (admission)
            {
                Console.WriteLine("| kW | allocator % | accepted % of requested | accepted energy delivered % | plans | admissions | run s |");
                Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
                double sumOurs = 0, sumAcc = 0;
                foreach (int kw in capacities)
                {
                    var run = OnlineSimulator.Run(sessions, kw * 1000L, allocator, admission: true);
                    double acc = 100.0 * run.AcceptedDeliveredUnits / Math.Max(1, run.AcceptedUnits);
                    sumOurs += Percent(run.DeliveredUnits);
                    sumAcc += acc;
                    Console.WriteLine($"| {kw} | {Percent(run.DeliveredUnits):F3} | {Percent(run.AcceptedUnits):F3} | {acc:F4} | {run.Plans} | {run.Admissions} | {run.Elapsed.TotalSeconds:F1} |");
                }
                Console.WriteLine($"| mean | {sumOurs / capacities.Length:F3} | | {sumAcc / capacities.Length:F4} | | | |");
                return 0;
            }

            // Every online algorithm through the same simulator, on the same sessions and limits; the offline
            // optimum (every arrival known in advance) bounds them all.
            IChargingAlgorithm[] algorithms = [allocator, new EarliestDeadlineFirst(), new LeastLaxityFirst()];
            Console.WriteLine($"| kW | {string.Join(" | ", algorithms.Select(a => a.Name + " %"))} | offline optimum % | allocator − optimum | plans | {string.Join(" | ", algorithms.Select(a => a.Name + " s"))} |");
            Console.WriteLine("|---:|" + string.Concat(Enumerable.Repeat("---:|", 2 * algorithms.Length + 3)));
            var sums = new double[algorithms.Length + 1];
            foreach (int kw in capacities)
            {
                long limit = kw * 1000L;
                var runs = algorithms.Select(a => OnlineSimulator.Run(sessions, limit, a)).ToArray();
                double optimum = Percent(OfflineOptimum.DeliveredUnits(sessions, limit, OnlineSimulator.MaxW));
                for (int a = 0; a < runs.Length; a++)
                    sums[a] += Percent(runs[a].DeliveredUnits);
                sums[^1] += optimum;
                double ours = Percent(runs[0].DeliveredUnits);
                Console.WriteLine($"| {kw} | {string.Join(" | ", runs.Select(r => Percent(r.DeliveredUnits).ToString("F3", CultureInfo.InvariantCulture)))} | {optimum:F3} | {ours - optimum:+0.000;-0.000;0.000} | {runs[0].Plans} | {string.Join(" | ", runs.Select(r => r.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))} |");
            }
            int k = capacities.Length;
            Console.WriteLine($"| mean | {string.Join(" | ", sums.Take(algorithms.Length).Select(x => (x / k).ToString("F4", CultureInfo.InvariantCulture)))} | {sums[^1] / k:F4} | {(sums[0] - sums[^1]) / k:+0.0000;-0.0000;0.0000} | | {string.Join(" | ", algorithms.Select(_ => ""))} |");
            return 0;
        }
    case "cost":
        {
            var sessions = CaltechData.Load(CaltechData.FindFile(Option("--data")));
            var tariff = OliMove.Edge.Prices.TimeOfUseTariffFile.Read(Option("--tariff") ?? Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(CaltechData.FindFile(Option("--data"))))!)!, "data", "tariffs", "sce-tou-ev-4-2019-03.json"));
            long limit = long.Parse(Option("--limit-kw") ?? "150", CultureInfo.InvariantCulture) * 1000;
            int[]? sweep = args.Contains("--sweep") ? Enumerable.Range(0, 24).Select(i => 10 + 5 * i).ToArray() : null;
            CostBenchmark.Run(sessions, tariff, limit, args.Contains("--co2"), sweep);
            return 0;
        }
    case "golden-snapshots":
        {
            // Writes the allocator's golden inputs; their plan hashes are pinned in the test project.
            var sessions = CaltechData.Load(CaltechData.FindFile(Option("--data")));
            string output = Option("--out") ?? "tests/OliMove.Scheduling.Tests/GoldenPlans";
            var tariff = OliMove.Edge.Prices.TimeOfUseTariffFile.Read(Path.Combine("data", "tariffs", "sce-tou-ev-4-2019-03.json"));
            var prices = Enumerable.Range(0, OnlineSimulator.Periods(sessions) + OnlineSimulator.HorizonCap)
                .Select(p => (long)Math.Round(tariff.PricePerKWhAtLocal(CaltechData.Origin.AddSeconds((long)p * CaltechData.PeriodSeconds)) * 1_000_000m)).ToArray();
            long demand = (long)Math.Round(tariff.DemandChargePerKw * 1_000_000m);
            Console.WriteLine($"{GoldenSnapshots.Write(output, sessions, prices, demand)} snapshots written to {output}");
            return 0;
        }
    case "golden-hashes":
        {
            // The plan SHA-256 of each stored snapshot, in the form of plan-hashes.sha256 (pin new inputs with it; check
            // pinned ones with tools/bench/scheduling/check-golden-plans, which plans through the product's CLI).
            string folder = Option("--dir") ?? "tests/OliMove.Scheduling.Tests/GoldenPlans";
            foreach (var file in Directory.GetFiles(folder, Option("--pattern") ?? "*.input.json").Order(StringComparer.Ordinal))
            {
                var snapshot = SnapshotJsonReader.Read(File.ReadAllText(file, System.Text.Encoding.UTF8));
                Console.WriteLine($"{CanonicalJson.PlanHash(SlotAllocator.Plan(snapshot))}  {Path.GetFileName(file)}");
            }
            return 0;
        }
    case "speed":
        {
            var job = Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance);
            var config = ManualConfig.CreateMinimumViable().AddJob(job);
            if (args.Contains("--signals"))
                BenchmarkRunner.Run<SignalsSpeedBenchmarks>(config);
            else
                BenchmarkRunner.Run<SpeedBenchmarks>(config);
            return 0;
        }
    case "quick":
        {
            // A fast Stopwatch check while developing; the recorded figures come from "speed".
            foreach (int n in args.Contains("--layers") || args.Contains("--signals") ? [] : new[] { 50, 500, 5000 })
            {
                var setup = System.Diagnostics.Stopwatch.StartNew();
                var bench = new SpeedBenchmarks { Sessions = n };
                bench.Setup();
                Console.WriteLine($"{n} sessions: setup {setup.Elapsed.TotalSeconds:F1} s, plan {Median(() => bench.Plan()):F2} ms, admission {Median(() => bench.AdmissionAccepted()):F2} ms, refused + counter-offers {Median(() => bench.AdmissionRefusedWithCounterOffers(), 3):F1} ms");
            }
            if (args.Contains("--signals"))
            {
                // The same groups with SCE-like time-of-use prices by the hour and a demand charge, peak so far 0.
                foreach (int n in Option("--sessions") is { } only ? [int.Parse(only, CultureInfo.InvariantCulture)] : new[] { 50, 500, 5000 })
                {
                    var g = SyntheticGroup.Create(n);
                    var priced = SignalsSpeedBenchmarks.WithPrices(g);
                    // CPU time per plan as well: on a shared, loaded box the wall-clock median mostly measures the others.
                    Console.WriteLine($"{n} sessions: plan without signals {Median(() => OliMove.Scheduling.SlotAllocator.Plan(g)):F2} ms ({Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(g)):F2} ms CPU), with prices and a demand charge {Median(() => OliMove.Scheduling.SlotAllocator.Plan(priced)):F2} ms ({Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(priced)):F2} ms CPU)");
                }
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
    case "profile":
        {
            // Plans one 500-session group over and over, for a CPU profiler to sample (docs/bench/scheduling.md):
            //   dotnet-trace collect --profile cpu-sampling -- <bench dll> profile --signals
            int n = Option("--sessions") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 500;
            int times = Option("--times") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 200;
            var g = SyntheticGroup.Create(n);
            var input = args.Contains("--signals") ? SignalsSpeedBenchmarks.WithPrices(g) : g;
            OliMove.Scheduling.SlotAllocator.Plan(input);
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var pause = GC.GetTotalPauseDuration();
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var cpu = Cpu(() => OliMove.Scheduling.SlotAllocator.Plan(input), times);
            Console.WriteLine($"{n} sessions{(args.Contains("--signals") ? " with prices and a demand charge" : "")}: {cpu:F2} ms CPU per plan over {times} plans; "
                + $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (times + 1.0) / 1e6:F2} MB allocated per plan, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / (times + 1):F2} ms per plan, "
                + $"collections per plan gen0 {(GC.CollectionCount(0) - collections[0]) / (times + 1.0):F2} gen1 {(GC.CollectionCount(1) - collections[1]) / (times + 1.0):F2} gen2 {(GC.CollectionCount(2) - collections[2]) / (times + 1.0):F2}");
            return 0;
        }
    default:
        Console.Error.WriteLine("usage: quality [--admission] [--capacities 10,50] [--data file.csv] | speed | quick [--layers] [--signals] | profile [--signals] [--sessions 500] [--times 200] | cost [--limit-kw 150] [--co2] [--sweep] | golden-snapshots [--out dir] | golden-hashes [--dir dir] [--pattern glob]");
        return 2;
}
