using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// One load run against a running service: drivers sign up and make their requests, the fleet's cars start
/// charging under their idTags, the OCPP traffic runs alone for a baseline, then the SSE subscribers connect and
/// the pollers start while status probes go out; at the end every stream is closed by the client and checked for
/// having stayed open. <paramref name="usage"/> reads the service process (null when it runs in-process).
/// </summary>
public sealed class ApiLoadRun(ApiLoadTarget target, ApiLoadPlan plan, Func<ServerUsage?>? usage = null, Action<string>? progress = null)
{
    private const string Password = "load-test-password";
    private readonly TimeProvider _time = TimeProvider.System;

    public async Task<ApiLoadReport> RunAsync(CancellationToken ct)
    {
        using var setup = new HttpClient { BaseAddress = target.BaseUri, Timeout = TimeSpan.FromSeconds(120) };
        var chargerIds = target.Chargers.Select(c => c.ChargePointId).ToList();
        var groups = await GroupIdsAsync(setup, ct);
        await using var fleet = new ChargerFleet(target.Chargers, target.OcppUri, _time);
        await fleet.ConnectAsync(ct);
        Say($"{chargerIds.Count} charge points connected");

        var drivers = await SignUpDriversAsync(setup, chargerIds.Take(plan.Drivers ?? chargerIds.Count).ToList(), ct);
        foreach (var id in chargerIds)
        {
            await fleet.StartChargingAsync(id, drivers.FirstOrDefault(d => d.ChargePointId == id)?.IdTag ?? $"FREE-{id}", ct);
        }

        Say($"{drivers.Count} drivers signed up with a request; every car is charging");

        using var stopFleet = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var fleetRun = fleet.RunAsync(plan.MeterInterval, plan.HeartbeatEvery, stopFleet.Token);
        if (plan.IdleBaseline > TimeSpan.Zero)
        {
            // The first half warms up (JIT, the re-plans that every StartTransaction asked for) and is not the baseline.
            fleet.Phase = "warm-up";
            await Task.Delay(plan.IdleBaseline / 2, _time, ct);
            fleet.Phase = "idle";
            await Task.Delay(plan.IdleBaseline / 2, _time, ct);
        }

        var idle = usage?.Invoke();
        var probes = new ProbeBoard();
        var meter = new MeterFanout();
        var polls = new RequestLog();
        var followUps = new RequestLog();
        var viewers = Enumerable.Range(0, plan.CockpitStreams).Select(_ => new CockpitViewer(target.BaseUri, target.ViewerToken, probes, meter, _time)).ToList();
        var listeners = drivers.Count == 0
            ? []
            : Enumerable.Range(0, plan.DriverStreams).Select(i => drivers[i % drivers.Count])
                .Select(d => new DriverEventListener(target.BaseUri, d.Token, d.ChargePointId, probes, followUps, _time)).ToList();
        var pollers = new List<(ApiPoller Poller, int Offset)>();
        for (var i = 0; i < plan.ViewerPollers; i++)
        {
            pollers.Add((new ApiPoller(target.BaseUri, target.ViewerToken, ViewerEndpoints(chargerIds, groups, i), polls, plan.Think), i));
        }

        for (var i = 0; i < plan.DriverPollers && drivers.Count > 0; i++)
        {
            var driver = drivers[i % drivers.Count];
            pollers.Add((new ApiPoller(target.BaseUri, driver.Token, DriverEndpoints(driver), polls, plan.Think), i));
        }

        using var closeStreams = new CancellationTokenSource();
        var streams = viewers.Select(v => v.RunAsync(closeStreams.Token)).Concat(listeners.Select(l => l.RunAsync(closeStreams.Token))).ToList();
        try
        {
            await Task.WhenAll(viewers.Select(v => v.Connected).Concat(listeners.Select(l => l.Connected))).WaitAsync(TimeSpan.FromSeconds(120), _time, ct);
            var connectedAt = _time.GetUtcNow();
            Say($"{viewers.Count + listeners.Count} streams open; {pollers.Count} pollers start");

            fleet.Phase = "under load";
            var loadClock = System.Diagnostics.Stopwatch.StartNew();
            using var loadOver = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (plan.RequestsPerPoller is null)
            {
                loadOver.CancelAfter(plan.LoadDuration);
            }

            long? maxRss = null;
            var sampling = Task.Run(async () =>
            {
                while (!loadOver.IsCancellationRequested)
                {
                    if (usage?.Invoke() is { } u)
                    {
                        maxRss = Math.Max(maxRss ?? 0, u.RssBytes);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
                }
            }, CancellationToken.None);
            var load = pollers.Select(p => p.Poller.RunAsync(plan.RequestsPerPoller, p.Offset, loadOver.Token)).ToList();
            if (plan.RequestsPerPoller is null)
            {
                // A timed load lasts its duration even with no pollers (streams only).
                load.Add(Task.Delay(plan.LoadDuration, _time, ct));
            }

            var polling = Task.WhenAll(load);
            var probing = ProbeRoundsAsync(fleet, probes, viewers, listeners, chargerIds, polling, ct);
            await polling;
            var loadWall = loadClock.Elapsed;
            await probing;
            await loadOver.CancelAsync();
            await sampling;
            var afterLoad = usage?.Invoke();
            Say($"load over: {polls.Total} requests in {loadWall.TotalSeconds:0.0} s");

            // The last samples reach the cockpits before the streams close; only samples taken while every
            // cockpit was connected and before the fleet stopped count for "reached every cockpit".
            fleet.Phase = "after";
            await stopFleet.CancelAsync();
            await fleetRun;
            var fleetStoppedAt = _time.GetUtcNow();
            await Task.Delay(TimeSpan.FromSeconds(2), _time, ct);
            await closeStreams.CancelAsync();
            await Task.WhenAll(streams);
            await Task.Delay(TimeSpan.FromSeconds(2), _time, ct);
            var afterClose = usage?.Invoke();

            var (reachedAll, samples, notSeen) = meter.ReachingAll(viewers.Count, connectedAt, fleetStoppedAt);
            var (toCockpit, toAllCockpits, toDriver, undelivered) = ProbeFigures(probes.All, viewers, listeners);
            return new ApiLoadReport
            {
                Plan = plan,
                Chargers = chargerIds.Count,
                Drivers = drivers.Count,
                Polls = polls,
                FollowUps = followUps,
                LoadWall = loadWall,
                StreamsOpened = viewers.Count + listeners.Count,
                DroppedStreams =
                [
                    .. viewers.Select((v, i) => v.Dropped is { } why ? $"cockpit stream #{i}: {why}" : null).OfType<string>(),
                    .. listeners.Select((l, i) => l.Dropped is { } why ? $"driver stream #{i} ({l.ChargePointId}): {why}" : null).OfType<string>(),
                ],
                CockpitEvents = viewers.Sum(v => (long)v.Events),
                DriverEvents = listeners.Sum(l => (long)l.Events),
                MeterPerViewer = meter.PerViewer,
                MeterReachedAll = reachedAll,
                MeterSamples = samples,
                MeterNotSeenByAll = notSeen,
                Probes = probes.All,
                ProbeToCockpit = toCockpit,
                ProbeToAllCockpits = toAllCockpits,
                ProbeToDriver = toDriver,
                UndeliveredProbes = undelivered,
                OcppRoundTrips = fleet.RoundTrips,
                OcppCalls = fleet.Calls,
                OcppFailureCount = fleet.FailureCount,
                OcppFailures = fleet.Failures,
                OcppUndelivered = fleet.Undelivered,
                Idle = idle,
                MaxRssUnderLoad = maxRss,
                AfterLoad = afterLoad,
                AfterClose = afterClose,
            };
        }
        finally
        {
            await closeStreams.CancelAsync();
            await stopFleet.CancelAsync();
            await Task.WhenAll(streams.Append(fleetRun)).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var p in pollers)
            {
                p.Poller.Dispose();
            }

            viewers.ForEach(v => v.Dispose());
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>
    /// Rounds of status probes while the pollers run (or <see cref="ApiLoadPlan.ProbeRounds"/> rounds): flip a few
    /// chargers' status, wait until every cockpit and each flipped charger's driver streams have it (or the timeout),
    /// pause, next chargers.
    /// </summary>
    private async Task ProbeRoundsAsync(ChargerFleet fleet, ProbeBoard board, List<CockpitViewer> viewers, List<DriverEventListener> listeners, List<string> chargerIds, Task polling, CancellationToken ct)
    {
        var perRound = plan.ChargersPerProbe <= 0 ? chargerIds.Count : Math.Min(plan.ChargersPerProbe, chargerIds.Count);
        for (var round = 0; plan.ProbeRounds is { } rounds ? round < rounds : !polling.IsCompleted; round++)
        {
            var targets = Enumerable.Range(round * perRound, perRound).Select(i => chargerIds[i % chargerIds.Count]).Distinct().ToList();
            var sent = await Task.WhenAll(targets.Select(id => fleet.ProbeAsync(id, board)));
            var deadline = _time.GetUtcNow() + plan.ProbeTimeout;
            bool Delivered(StatusProbe p) =>
                viewers.All(v => v.Dropped is not null || v.Delivered.ContainsKey(p.Id))
                && listeners.Where(l => l.ChargePointId == p.ChargePointId).All(l => l.Dropped is not null || l.Delivered.ContainsKey(p.Id));
            while (!sent.Where(p => p is not null).All(Delivered) && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, ct);
            }

            await Task.Delay(plan.ProbePause, _time, ct);
        }
    }

    private static (LatencySamples ToCockpit, LatencySamples ToAllCockpits, LatencySamples ToDriver, List<string> Undelivered) ProbeFigures(
        IReadOnlyList<StatusProbe> probes, List<CockpitViewer> viewers, List<DriverEventListener> listeners)
    {
        LatencySamples toCockpit = new(), toAll = new(), toDriver = new();
        var undelivered = new List<string>();
        foreach (var p in probes)
        {
            var cockpits = viewers.Select(v => v.Delivered.TryGetValue(p.Id, out var ms) ? ms : (double?)null).ToList();
            var apps = listeners.Where(l => l.ChargePointId == p.ChargePointId).Select(l => l.Delivered.TryGetValue(p.Id, out var ms) ? ms : (double?)null).ToList();
            foreach (var ms in cockpits.OfType<double>())
            {
                toCockpit.Add(ms);
            }

            foreach (var ms in apps.OfType<double>())
            {
                toDriver.Add(ms);
            }

            if (cockpits.Count > 0 && cockpits.All(c => c is not null))
            {
                toAll.Add(cockpits.Max()!.Value);
            }

            if (cockpits.Any(c => c is null) || apps.Any(a => a is null))
            {
                undelivered.Add(string.Create(CultureInfo.InvariantCulture,
                    $"probe {p.Id} ({p.ChargePointId} → {p.Status}): {cockpits.Count(c => c is not null)} of {cockpits.Count} cockpits, {apps.Count(a => a is not null)} of {apps.Count} driver streams"));
            }
        }

        return (toCockpit, toAll, toDriver, undelivered);
    }

    private async Task<List<Driver>> SignUpDriversAsync(HttpClient http, List<string> chargePoints, CancellationToken ct)
    {
        using var parallel = new SemaphoreSlim(4);
        var drivers = await Task.WhenAll(chargePoints.Select(async (cp, i) =>
        {
            await parallel.WaitAsync(ct);
            try
            {
                var login = string.Create(CultureInfo.InvariantCulture, $"load-driver-{i:000}");
                var idTag = string.Create(CultureInfo.InvariantCulture, $"DRV-{i:000}");
                var signUp = await JsonAsync(http, HttpMethod.Post, "api/v1/me/sign-up", null, new { login, password = Password, idTag }, HttpStatusCode.Created, ct);
                var token = signUp.GetProperty("token").GetString()!;
                // Half the drivers ask for a guarantee, half charge at once without one.
                object request = i % 2 == 0
                    ? new { chargePointId = cp, connectorId = 1, optIn = true, energyKWh = 5, departure = _time.GetUtcNow().AddHours(4) }
                    : new { chargePointId = cp, connectorId = 1, optIn = false };
                var answer = await JsonAsync(http, HttpMethod.Post, "api/v1/me/requests", token, request, HttpStatusCode.Created, ct);
                var id = answer.GetProperty("id").GetInt64();
                if (answer.GetProperty("state").GetString() == "CounterOffered")
                {
                    await JsonAsync(http, HttpMethod.Post, $"api/v1/me/requests/{id}/decline", token, null, HttpStatusCode.OK, ct);
                }

                return new Driver(login, idTag, token, cp, id);
            }
            finally
            {
                parallel.Release();
            }
        }));
        return [.. drivers];
    }

    private async Task<List<string>> GroupIdsAsync(HttpClient http, CancellationToken ct)
    {
        var site = await JsonAsync(http, HttpMethod.Get, "api/v1/site", target.ViewerToken, null, HttpStatusCode.OK, ct);
        return [.. site.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("id").GetString()!)];
    }

    private static async Task<JsonElement> JsonAsync(HttpClient http, HttpMethod method, string path, string? token, object? body, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"setup: {method} {path} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A cockpit without the stream: the overview most often, one charger or group now and then.</summary>
    private static List<(string, string)> ViewerEndpoints(List<string> chargePoints, List<string> groups, int client)
    {
        var cp = chargePoints[client % chargePoints.Count];
        var group = groups[client % groups.Count];
        return
        [
            ("GET /api/v1/groups", "api/v1/groups"),
            ("GET /api/v1/chargepoints", "api/v1/chargepoints"),
            ("GET /api/v1/chargepoints/{id}", $"api/v1/chargepoints/{cp}"),
            ("GET /api/v1/groups", "api/v1/groups"),
            ("GET /api/v1/chargepoints", "api/v1/chargepoints"),
            ("GET /api/v1/groups/{id}", $"api/v1/groups/{group}"),
            ("GET /api/v1/groups/{id}/day", $"api/v1/groups/{group}/day"),
            ("GET /api/v1/sessions", "api/v1/sessions?limit=50"),
            ("GET /api/v1/requests", "api/v1/requests?limit=50"),
            ("GET /api/v1/plans", $"api/v1/plans?groupId={group}&limit=50"),
            ("GET /api/v1/site", "api/v1/site"),
        ];
    }

    /// <summary>A driver's app: its progress screen most often, the rest now and then.</summary>
    private static List<(string, string)> DriverEndpoints(Driver driver) =>
    [
        ("GET /api/v1/me/current", "api/v1/me/current"),
        ("GET /api/v1/me/requests/{id}", $"api/v1/me/requests/{driver.RequestId}"),
        ("GET /api/v1/me/current", "api/v1/me/current"),
        ("GET /api/v1/me/sessions", "api/v1/me/sessions"),
        ("GET /api/v1/me/current", "api/v1/me/current"),
        ("GET /api/v1/me/wallet", "api/v1/me/wallet"),
        ("GET /api/v1/me/current", "api/v1/me/current"),
        ("GET /api/v1/me/requests", "api/v1/me/requests"),
        ("GET /api/v1/me/chargepoints", "api/v1/me/chargepoints"),
        ("GET /api/v1/me", "api/v1/me"),
    ];

    private void Say(string line) => progress?.Invoke(line);
}
