using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Client;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

/// <summary>
/// All upstream links: one per charger that is behind the link (not opted out in the site map; a key when the
/// security profile needs one), opened when the charger connects to the edge and closed when it leaves. A
/// link object outlives its connections, so its counters and remembered boot and statuses survive reconnects.
/// </summary>
public sealed class UpstreamLinks : IHostedService
{
    private readonly ConcurrentDictionary<string, UpstreamLink> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Run)> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _stopping = new(StringComparer.Ordinal);
    private readonly Lock _runningLock = new();
    private readonly UpstreamLinkSettings _settings;
    private readonly UpstreamKeyFile _keys;
    private readonly Func<string, bool> _behindLink;
    private readonly OcppClientConnector _connector;
    private readonly UpstreamBackendRoutes _routes;
    private readonly UpstreamQueueRepository _queue;
    private readonly UpstreamTransactionRepository _transactions;
    private readonly UpstreamAuthorization _authorization;
    private readonly OcppCentralSystemEvents _events;
    private readonly ChargePointConnectionRegistry _registry;
    private readonly TimeProvider _time;
    private readonly UpstreamLinkLog _log;
    private readonly ILogger<UpstreamLinks> _logger;

    public UpstreamLinks(UpstreamLinkSettings settings, UpstreamKeyFile keys, UpstreamParticipation participation,
        OcppClientConnector connector, UpstreamBackendRoutes routes, UpstreamQueueRepository queue,
        UpstreamTransactionRepository transactions, UpstreamAuthorization authorization, OcppCentralSystemEvents events,
        ChargePointConnectionRegistry registry, TimeProvider time, UpstreamLinkLog log, ILogger<UpstreamLinks> logger)
    {
        _settings = settings;
        _keys = keys;
        _behindLink = participation.IsBehindLink;
        _connector = connector;
        _routes = routes;
        _queue = queue;
        _transactions = transactions;
        _authorization = authorization;
        _events = events;
        _registry = registry;
        _time = time;
        _log = log;
        _logger = logger;
    }

    public UpstreamLinkSettings Settings => _settings;

    /// <summary>The charger's link, or null when the charger does not go through the upstream link.</summary>
    public UpstreamLink? Find(string chargePointId)
    {
        if (_links.TryGetValue(chargePointId, out var link))
        {
            return link;
        }
        if (!_behindLink(chargePointId))
        {
            return null;
        }
        var key = _keys.KeyOf(chargePointId);
        if (_settings.Client.SecurityProfile > 0 && key is null)
        {
            _log.OnceForKind(chargePointId, "no-key", "no AuthorizationKey in Upstream.KeyFile: the charger is not forwarded");
            return null;
        }
        return _links.GetOrAdd(chargePointId, id => new UpstreamLink(id, key, _settings, _connector, () => _routes.For(id),
            _queue, _transactions, _authorization.RememberAsync, _time, _log));
    }

    public UpstreamLinkState? StateOf(string chargePointId) =>
        _links.TryGetValue(chargePointId, out var link) ? link.State : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _events.Connected += OnConnected;
        _events.Disconnected += OnDisconnected;
        _events.Heartbeat += OnHeartbeat;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _events.Connected -= OnConnected;
        _events.Disconnected -= OnDisconnected;
        _events.Heartbeat -= OnHeartbeat;
        List<Task> runs = [];
        lock (_runningLock)
        {
            foreach (var (_, (stop, run)) in _running)
            {
                stop.Cancel();
                runs.Add(run);
            }
            _running.Clear();
            runs.AddRange(_stopping.Values);
            _stopping.Clear();
        }
        await Task.WhenAll(runs).WaitAsync(cancellationToken);
    }

    private void OnConnected(ChargePointConnected e)
    {
        if (Find(e.ChargePointId) is not { } link)
        {
            return;
        }
        lock (_runningLock)
        {
            if (_running.ContainsKey(e.ChargePointId))
            {
                return;
            }
            // A link's previous run may still be closing (the charger came straight back): one run at a time.
            var previous = _stopping.Remove(e.ChargePointId, out var closing) ? closing : Task.CompletedTask;
            var stop = new CancellationTokenSource();
            _running[e.ChargePointId] = (stop, Task.Run(async () =>
            {
                await previous;
                await RunAsync(link, stop.Token);
            }));
        }
    }

    private void OnDisconnected(ChargePointDisconnected e)
    {
        // A replaced connection reports its end after its successor connected: the charger is still here.
        if (_registry.TryGet(e.ChargePointId, out var client) && client.IsConnected)
        {
            return;
        }
        lock (_runningLock)
        {
            if (_running.TryRemove(e.ChargePointId, out var running))
            {
                running.Stop.Cancel();
                _stopping[e.ChargePointId] = running.Run;
            }
        }
    }

    private void OnHeartbeat(ChargePointHeartbeat e) =>
        _links.GetValueOrDefault(e.ChargePointId)?.Post(new HeartbeatRequest());

    private async Task RunAsync(UpstreamLink link, CancellationToken ct)
    {
        try
        {
            await link.RunAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Upstream link of {ChargePointId} failed", link.ChargePointId);
        }
    }

    /// <summary>Payload of a message as the charger sent it, for the backend.</summary>
    public static JObject PayloadOf(object request) => OcppJson.ToPayload(request);
}
