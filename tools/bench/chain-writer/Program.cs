using System.Diagnostics;
using System.Globalization;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Storage;

// How fast one site's chain outbox writer lands a backlog on anvil (automine), issue 19 (docs/bench/chain-writer.md).
//   chain-writer [--runs 5] [--slots 96] [--rows 20] [--settlements 40]
// One anvil, the contracts deployed, one site joined with its own operator key, --rows charge points registered.
// Each run queues a day in a fresh SQLite outbox: --slots slot records of --rows status rows each, and --settlements
// settlements spread between them as sessions end (each a first-time token holder), then times one writer draining
// it all (OutboxWriter.DrainOnceAsync until Idle) and checks every item is Confirmed. Besides the wall time, the CPU
// time of this process (the writer, SQLite included) and of anvil during the drain: on a shared, loaded machine the
// wall time mostly measures the load, the CPU time what the work costs. One line per run and the median
// and spread to stdout (markdown); progress to stderr.
var options = new Dictionary<string, int>(StringComparer.Ordinal)
{
    ["--runs"] = 5,
    ["--slots"] = 96,
    ["--rows"] = 20,
    ["--settlements"] = 40,
};
for (var i = 0; i < args.Length; i++)
{
    if (options.ContainsKey(args[i]) && i + 1 < args.Length)
    {
        options[args[i]] = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        Console.Error.WriteLine($"chain-writer: unknown argument {args[i]} (see the comment at the top of Program.cs)");
        return 2;
    }
}

var (runs, slots, rows, settlements) = (options["--runs"], options["--slots"], options["--rows"], options["--settlements"]);
void Progress(string line) => Console.Error.WriteLine($"chain-writer {DateTime.UtcNow:HH:mm:ss}: {line}");

await using var node = await AnvilNode.StartAsync();
var admin = ChainConnection.Create(node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
var site = new ChainSite("bench-site");
var operatorKey = ChainConnection.Create(node.RpcUrl, AnvilNode.DevPrivateKeys[2], 31337);
var addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
await new SiteJoiner(admin.Web3, addresses).JoinAsync(site, operatorKey.Address, "Bench site");
await new AlgorithmRegistryClient(admin.Web3, addresses.AlgorithmRegistry).PublishAsync(1, Hash(1), Hash(2), "bench allocator");
var chargePoints = Enumerable.Range(1, rows)
    .Select(i => new ChargePointRegistration($"cp-{i}", $"DE*OLI*E{i}", 22_000, 0, "AC 3x32A", "Type2", AssetStatusCode.Available, "garage"))
    .ToList();
await using (var setup = await Outbox.CreateAsync())
{
    var assets = ChainOutboxEntry.ForAssets(new SiteAssets(chargePoints, [], []));
    await setup.Repository.EnqueueAsync(assets.Kind, assets.Key, assets.PayloadJson, DateTimeOffset.UtcNow);
    await Writer(setup.Repository).DrainOnceAsync();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()} at start; a day of one site: {slots} slots × {rows} rows, {settlements} settlements."));
Console.WriteLine();
Console.WriteLine("| run | seconds | slots/s | status rows/s | settlements/s | transactions | writer CPU ms | anvil CPU ms | load average |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
var seconds = new List<double>();
ulong nextSession = 2;
for (var run = 1; run <= runs; run++)
{
    await using var outbox = await Outbox.CreateAsync();
    var keys = new List<string>();
    var settled = 0;
    for (var s = 0; s < slots; s++)
    {
        var slot = ChainOutboxEntry.ForSlot(new SlotStatusPayload((ulong)(run * 100_000 + s), 1, Hex(s), Hex(s + 1),
            chargePoints.Select(cp => new AssetStatusRow(cp.CpId, AssetStatusCode.Charging, 7_400, 7_350, 20_000, 3_600)).ToList()));
        keys.Add(slot.Key);
        await outbox.Repository.EnqueueAsync(slot.Kind, slot.Key, slot.PayloadJson, DateTimeOffset.UtcNow);
        // Sessions end spread over the day, between the slot records.
        while (settled < (long)settlements * (s + 1) / slots)
        {
            var user = Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
            var entry = ChainOutboxEntry.ForSettlement(new SettlementPayload($"tx-{nextSession++}", user, 12_000, 6_000));
            keys.Add(entry.Key);
            await outbox.Repository.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, DateTimeOffset.UtcNow);
            settled++;
        }
    }

    var writer = Writer(outbox.Repository);
    var load = LoadAverage();
    using var self = Process.GetCurrentProcess();
    using var anvil = Process.GetProcessById(node.ProcessId);
    var cpuBefore = self.TotalProcessorTime;
    var anvilBefore = anvil.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    while (await writer.DrainOnceAsync() != DrainOutcome.Idle)
    {
    }

    clock.Stop();
    self.Refresh();
    anvil.Refresh();
    var writerCpu = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    var anvilCpu = (anvil.TotalProcessorTime - anvilBefore).TotalMilliseconds;
    var items = await outbox.Repository.GetByKeysAsync(keys);
    var unconfirmed = items.Count(i => i.State != OutboxItemState.Confirmed);
    if (items.Count != keys.Count || unconfirmed > 0)
    {
        Console.Error.WriteLine($"chain-writer: run {run}: {unconfirmed} of {keys.Count} items not confirmed");
        return 1;
    }

    var transactions = items.Select(i => i.TxHash).Distinct(StringComparer.Ordinal).Count();
    var t = clock.Elapsed.TotalSeconds;
    seconds.Add(t);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {run} | {t:0.00} | {slots / t:0.0} | {slots * rows / t:0} | {settlements / t:0.0} | {transactions} | {writerCpu:0} | {anvilCpu:0} | {load} |"));
    Progress($"run {run}: {t:0.00} s");
}

seconds.Sort();
var median = seconds[seconds.Count / 2];
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Median {median:0.00} s ({slots / median:0.0} slots/s, {slots * rows / median:0} rows/s, {settlements / median:0.0} settlements/s), spread {seconds[0]:0.00}–{seconds[^1]:0.00} s, load average {LoadAverage()} at the end."));
return 0;

OutboxWriter Writer(ChainOutboxRepository repository) =>
    new(repository, operatorKey, addresses, site, TimeProvider.System, new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) });

static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

static string Hex(int seed) => "0x" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}
