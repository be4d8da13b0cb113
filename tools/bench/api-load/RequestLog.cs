using System.Collections.Concurrent;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// Every API request the clients made: latency per endpoint (successful or not), the count per status code,
/// and the failures (any non-2xx answer, a timeout or a broken connection) with what happened.
/// </summary>
public sealed class RequestLog
{
    private const int KeptFailures = 50;
    private readonly ConcurrentDictionary<string, LatencySamples> _byEndpoint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private readonly List<string> _failures = [];
    private int _failureCount;

    public LatencySamples All { get; } = new();

    public IReadOnlyDictionary<string, LatencySamples> ByEndpoint => _byEndpoint;

    /// <summary>Answers per HTTP status code; 0 counts requests that got no answer at all.</summary>
    public IReadOnlyDictionary<int, int> ByStatus => _byStatus;

    public int Total => _byStatus.Values.Sum();

    public int FailureCount => Volatile.Read(ref _failureCount);

    public int ServerErrors => _byStatus.Where(s => s.Key >= 500).Sum(s => s.Value);

    /// <summary>The first failures, as "endpoint: what happened".</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public void Answered(string endpoint, int status, TimeSpan elapsed)
    {
        _byEndpoint.GetOrAdd(endpoint, _ => new LatencySamples()).Add(elapsed);
        All.Add(elapsed);
        _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status is < 200 or > 299)
        {
            Fail($"{endpoint}: HTTP {status}");
        }
    }

    public void Unanswered(string endpoint, Exception error)
    {
        _byStatus.AddOrUpdate(0, 1, (_, n) => n + 1);
        Fail($"{endpoint}: {error.GetType().Name}: {error.Message}");
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failureCount);
        lock (_failures)
        {
            if (_failures.Count < KeptFailures)
            {
                _failures.Add(what);
            }
        }
    }
}
