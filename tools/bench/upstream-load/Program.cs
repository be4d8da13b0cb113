using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OliMove.Bench.ApiLoad;
using OliMove.Bench.UpstreamLoad;
using OliMove.Edge.Api;

// The upstream link's figures (issue 15, docs/bench/upstream.md). Two `olimove-edge run` child processes on the same
// generated site: "upstream" (Upstream.Url → tools/ocpp-reference/recording-backend.js, npm ocpp-rpc strict mode)
// and "direct" (no upstream), and N bare chargers connected to each.
//   upstream-load [--chargers 1000] [--rounds 5] [--seconds 10] [--warmup 3] [--backlog-chargers 100]
//                 [--backlog-per-charger 200] [--drain-timeout 300] [--backend tools/ocpp-reference/recording-backend.js]
//   1. memory: each edge's RSS before and 10 s after its N chargers connected (and the backend's links are up);
//   2. round trip: each charger sends Authorize once a second (open loop, random phase, round trip counted from the
//      scheduled time), interleaved upstream, direct, upstream, … --rounds times each, --seconds measured after
//      --warmup; Authorize is a CALL whose reply waits on the backend (ReplyBoundSeconds) when there is one;
//   3. backlog: the backend is stopped, --backlog-chargers chargers of the upstream edge each start a transaction,
//      send --backlog-per-charger MeterValues and stop (all queued in SQLite), the backend is started again on the
//      same port, and the time until upstream_queue has no undelivered row is measured.
// Markdown to stdout, progress to stderr. --backlog-chargers 0 skips part 3.
var options = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--chargers"] = "1000",
    ["--rounds"] = "5",
    ["--seconds"] = "10",
    ["--warmup"] = "3",
    ["--backlog-chargers"] = "100",
    ["--backlog-per-charger"] = "200",
    ["--drain-timeout"] = "300",
    ["--backend"] = "tools/ocpp-reference/recording-backend.js",
};
for (var i = 0; i < args.Length; i++)
{
    if (options.ContainsKey(args[i]) && i + 1 < args.Length)
    {
        options[args[i]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"upstream-load: unknown argument {args[i]} (see the comment at the top of Program.cs)");
        return 2;
    }
}
int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);
void Progress(string line) => Console.Error.WriteLine($"upstream-load {DateTime.UtcNow:HH:mm:ss}: {line}");

var count = Int("--chargers");
var perCabinet = Math.Min(count, 50);
var cabinets = (count + perCabinet - 1) / perCabinet;
var ids = BenchSiteMap.Chargers(cabinets, perCabinet).Take(count).Select(c => c.ChargePointId).ToArray();
var root = Path.Combine(Path.GetTempPath(), "olimove-upstream-load-" + Guid.NewGuid().ToString("N"));
var backendPort = EdgeServerProcess.FreePort();
var started = DateTimeOffset.UtcNow;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Run {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {count} chargers, load average {LoadAverage()} at start, files in {root}."));
Console.WriteLine();

var backend = await BackendProcess.StartAsync(options["--backend"], backendPort);
Progress($"backend (ocpp-rpc) pid {backend.Id} on 127.0.0.1:{backendPort}");
var upstreamEdge = await StartEdgeAsync("upstream", $"ws://127.0.0.1:{backendPort}/ocpp");
var directEdge = await StartEdgeAsync("direct", null);
var exitCode = 0;
var upstreamChargers = new List<BareCharger>();
var directChargers = new List<BareCharger>();
try
{
    // 1. Memory per charger.
    Console.WriteLine("| edge | chargers connected | RSS before (MiB) | RSS after (MiB) | per charger (KiB) | backend links | backend RSS (MiB) |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var (name, edge, chargers) in new[] { ("upstream", upstreamEdge, upstreamChargers), ("direct", directEdge, directChargers) })
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = edge.Usage().RssBytes;
        var backendBefore = backend.RssBytes();
        chargers.AddRange(await ConnectAsync(edge.OcppUri, name));
        var links = 0;
        for (var wait = 0; wait < 60 && name == "upstream" && (links = await backend.ConnectedAsync()) < chargers.Count; wait++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = edge.Usage().RssBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {chargers.Count:N0} / {count:N0} | {before / 1048576.0:N1} | {after / 1048576.0:N1} | {(after - before) / 1024.0 / Math.Max(1, chargers.Count):N1} | {(name == "upstream" ? links.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {backendBefore / 1048576.0:N1} → {backend.RssBytes() / 1048576.0:N1} |"));
        Progress($"{name}: {chargers.Count} chargers connected, RSS {before / 1048576.0:N1} → {after / 1048576.0:N1} MiB, backend links {links}");
    }
    Console.WriteLine();

    // 2. Round trip, interleaved.
    var phases = new List<PhaseResult>();
    for (var round = 1; round <= Int("--rounds"); round++)
    {
        foreach (var (name, chargers) in new[] { ("upstream", upstreamChargers), ("direct", directChargers) })
        {
            var phase = await AuthorizeLoadAsync(round, name, chargers, Int("--seconds"), Int("--warmup"));
            phases.Add(phase);
            Progress($"round {round} {name}: p50 {phase.P50:N1} ms, p99 {phase.P99:N1} ms, {phase.Answered} answered, {phase.Failed} failed, load {phase.LoadAverage}");
        }
    }
    Console.WriteLine($"| round | path | Authorize answered | failed | p50 ms | p99 ms | load avg |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var p in phases)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Round} | {p.Path} | {p.Answered:N0} | {p.Failed:N0} | {p.P50:N1} | {p.P99:N1} | {p.LoadAverage} |"));
    }
    Console.WriteLine();
    Console.WriteLine("| path | p50 median (min–max) ms | p99 median (min–max) ms |");
    Console.WriteLine("|---|---|---|");
    foreach (var name in new[] { "upstream", "direct" })
    {
        var mine = phases.Where(p => p.Path == name).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(mine.Select(p => p.P50))} ({mine.Min(p => p.P50):N1}–{mine.Max(p => p.P50):N1}) | {Median(mine.Select(p => p.P99))} ({mine.Min(p => p.P99):N1}–{mine.Max(p => p.P99):N1}) |"));
    }
    var added50 = phases.Where(p => p.Path == "upstream").Zip(phases.Where(p => p.Path == "direct"), (u, d) => u.P50 - d.P50).ToArray();
    var added99 = phases.Where(p => p.Path == "upstream").Zip(phases.Where(p => p.Path == "direct"), (u, d) => u.P99 - d.P99).ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| added (upstream − direct, per round) | {Median(added50)} ({added50.Min():N1}–{added50.Max():N1}) | {Median(added99)} ({added99.Min():N1}–{added99.Max():N1}) |"));
    Console.WriteLine();
    if (phases.Any(p => p.Failed > 0))
    {
        exitCode = 1;
    }

    // 3. Backlog after an outage.
    if (Int("--backlog-chargers") > 0)
    {
        await foreach (var line in BacklogAsync(upstreamChargers.Take(Int("--backlog-chargers")).ToArray(), Int("--backlog-per-charger")))
        {
            Console.WriteLine(line);
        }
    }
}
finally
{
    foreach (var chunk in upstreamChargers.Concat(directChargers).Chunk(200))
    {
        await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
    }
    await upstreamEdge.DisposeAsync();
    await directEdge.DisposeAsync();
    await backend.DisposeAsync();
    SqliteConnection.ClearAllPools();
}
Console.WriteLine($"Load average at the end: {LoadAverage()}.");
return exitCode;

async Task<EdgeServerProcess> StartEdgeAsync(string name, string? upstreamUrl)
{
    var directory = Path.Combine(root, name);
    Directory.CreateDirectory(directory);
    await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), BenchSiteMap.Yaml(cabinets, perCabinet));
    var masterKey = Path.Combine(directory, "wallet-master.key");
    await File.WriteAllTextAsync(masterKey, ApiTokenHash.NewToken());
    var environment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OLIMOVE_Logs__Directory"] = Path.Combine(directory, "logs"),
        // Chargers connect without a key (what is measured is the link, not the handshake) and use made-up idTags.
        ["OLIMOVE_Ocpp__SecurityProfile"] = "0",
        ["OLIMOVE_Ocpp__AcceptUnknownIdTags"] = "true",
        ["OLIMOVE_Chain__WalletMasterKeyFile"] = masterKey,
    };
    if (upstreamUrl is not null)
    {
        environment["OLIMOVE_Upstream__Url"] = upstreamUrl;
        // After the outage of part 3 the links come back within a second, so the drain time is the queue's own.
        environment["OLIMOVE_Upstream__ReconnectMaxSeconds"] = "1";
    }
    var edge = await EdgeServerProcess.StartAsync(directory, EdgeServerProcess.FreePort(), environment);
    Progress($"{name} edge pid {edge.Id} on {edge.BaseUri}");
    return edge;
}

async Task<List<BareCharger>> ConnectAsync(Uri ocpp, string name)
{
    var connected = new List<BareCharger>(ids.Length);
    using var gate = new SemaphoreSlim(32);
    await Task.WhenAll(ids.Select(async id =>
    {
        await gate.WaitAsync();
        var charger = new BareCharger(id);
        try
        {
            await charger.ConnectAndBootAsync(ocpp, CancellationToken.None);
            lock (connected)
            {
                connected.Add(charger);
            }
        }
        catch (Exception e)
        {
            Progress($"{name} {id}: {e.GetType().Name}: {e.Message}");
            await charger.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }
    }));
    return connected;
}

async Task<PhaseResult> AuthorizeLoadAsync(int round, string name, List<BareCharger> chargers, int seconds, int warmup)
{
    var step = Stopwatch.Frequency;
    var begin = Stopwatch.GetTimestamp();
    var measureFrom = begin + warmup * step;
    var until = measureFrom + seconds * step;
    var failed = 0;
    var runs = await Task.WhenAll(chargers.Select(async (charger, index) =>
    {
        var rtts = new List<double>(seconds + 1);
        var scheduled = begin + Random.Shared.NextInt64(step);
        var sequence = 0;
        while (scheduled < until)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            // A fresh idTag each time (20 characters at most, OCPP 1.6 CiString20), so no cache answers for the backend.
            var idTag = string.Create(CultureInfo.InvariantCulture, $"R{round}{name[0]}{index:D4}-{sequence++:D5}");
            try
            {
                var rtt = await charger.TimedCallAsync("Authorize", $"{{\"idTag\":\"{idTag}\"}}", scheduled, CancellationToken.None);
                if (scheduled >= measureFrom)
                {
                    rtts.Add(rtt);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
            {
                if (Interlocked.Increment(ref failed) <= 5)
                {
                    Progress($"{name} {charger.Id}: {e.Message}");
                }
            }
            scheduled += step;
        }
        return rtts;
    }));
    var all = runs.SelectMany(r => r).Order().ToArray();
    return new PhaseResult(round, name,
        all.Length == 0 ? double.NaN : all[all.Length / 2],
        all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))],
        all.Length, failed, LoadAverage());
}

async IAsyncEnumerable<string> BacklogAsync(BareCharger[] chargers, int meterValuesEach)
{
    var db = Path.Combine(root, "upstream", "edge.db");
    await backend.DisposeAsync();
    Progress($"backend stopped; {chargers.Length} chargers × (start + {meterValuesEach} MeterValues + stop) while it is down");
    await Task.Delay(TimeSpan.FromSeconds(3));
    var pendingBefore = Pending(db);
    var clock = Stopwatch.StartNew();
    var failed = 0;
    await Task.WhenAll(chargers.Select(async (charger, index) =>
    {
        try
        {
            var stamp = DateTimeOffset.UtcNow;
            var start = await charger.CallAsync("StartTransaction", string.Create(CultureInfo.InvariantCulture,
                $"{{\"connectorId\":1,\"idTag\":\"BACKLOG-{index:D4}\",\"meterStart\":0,\"timestamp\":\"{stamp:yyyy-MM-ddTHH:mm:ss.fffZ}\"}}"), CancellationToken.None);
            var transactionId = System.Text.Json.JsonDocument.Parse(start).RootElement.GetProperty("transactionId").GetInt32();
            for (var m = 1; m <= meterValuesEach; m++)
            {
                await charger.CallAsync("MeterValues", string.Create(CultureInfo.InvariantCulture,
                    $"{{\"connectorId\":1,\"transactionId\":{transactionId},\"meterValue\":[{{\"timestamp\":\"{stamp.AddSeconds(m):yyyy-MM-ddTHH:mm:ssZ}\",\"sampledValue\":[{{\"value\":\"{m * 10}\",\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"}}]}}]}}"), CancellationToken.None);
            }
            await charger.CallAsync("StopTransaction", string.Create(CultureInfo.InvariantCulture,
                $"{{\"transactionId\":{transactionId},\"meterStop\":{meterValuesEach * 10},\"timestamp\":\"{stamp.AddSeconds(meterValuesEach + 1):yyyy-MM-ddTHH:mm:ssZ}\"}}"), CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            if (Interlocked.Increment(ref failed) <= 5)
            {
                Progress($"backlog {charger.Id}: {e.Message}");
            }
        }
    }));
    var queued = Pending(db) - pendingBefore;
    var fillSeconds = clock.Elapsed.TotalSeconds;
    Progress($"{queued} transaction messages queued in {fillSeconds:N1} s ({failed} chargers failed); starting the backend again");
    backend = await BackendProcess.StartAsync(options["--backend"], backendPort);
    clock.Restart();
    var firstDelivered = double.NaN;
    var trace = new List<string>();
    long pending;
    var nextTrace = 0.0;
    while ((pending = Pending(db)) > 0 && clock.Elapsed.TotalSeconds < Int("--drain-timeout"))
    {
        if (double.IsNaN(firstDelivered) && pending < queued + pendingBefore)
        {
            firstDelivered = clock.Elapsed.TotalSeconds;
        }
        if (clock.Elapsed.TotalSeconds >= nextTrace)
        {
            trace.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:N0} s: {pending:N0}"));
            nextTrace += 10;
        }
        await Task.Delay(TimeSpan.FromMilliseconds(250));
    }
    var drainSeconds = clock.Elapsed.TotalSeconds;
    yield return "| chargers | queued transaction messages | queued in (s) | failed chargers | first delivered after (s) | drained after (s) | left | drain rate (msg/s) | load avg |";
    yield return "|---|---|---|---|---|---|---|---|---|";
    yield return string.Create(CultureInfo.InvariantCulture,
        $"| {chargers.Length} | {queued:N0} | {fillSeconds:N1} | {failed} | {firstDelivered:N1} | {drainSeconds:N1} | {pending:N0} | {(queued - pending) / drainSeconds:N0} | {LoadAverage()} |");
    yield return "";
    yield return "Undelivered rows every 10 s after the backend was back: " + string.Join(", ", trace) + ".";
    yield return "";
    if (pending > 0 || failed > 0)
    {
        exitCode = 1;
    }
}

static long Pending(string db)
{
    using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT count(*) FROM upstream_queue WHERE delivered_at IS NULL";
    return (long)command.ExecuteScalar()!;
}

static string Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    return median.ToString("N1", CultureInfo.InvariantCulture);
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
