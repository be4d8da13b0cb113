using System.Collections.Concurrent;
using OliMove.Edge.Dispatch;

namespace OliMove.Edge.Tests.Dispatch;

/// <summary>
/// Chargers behind the power-limit port, in watts, for unit tests of dispatch planning: a limit changes when its
/// slots differ from the one held, and raises when any slot (or the tail) is above it. Sends are logged as they
/// start and end; a charger's answers can be held back, and its problem set.
/// </summary>
public sealed class FakeChargerPowerLimits : IChargerPowerLimits
{
    private readonly ConcurrentDictionary<(string, int, bool), PowerLimit> _held = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _heldAnswers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _log = new();

    public HashSet<string> Connected { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);

    /// <summary>Every limit the planner asked about, in order.</summary>
    public List<PowerLimit> Asked { get; } = [];

    /// <summary>"start CP/n" and "end CP/n" for every send, in the order they happened.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    public void Hold(PowerLimit limit) => _held[Key(limit)] = limit;

    /// <summary>The charger's answers wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldAnswers(string chargePointId) =>
        _heldAnswers.GetOrAdd(chargePointId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public bool IsConnected(string chargePointId) => Connected.Contains(chargePointId);

    public Task<IReadOnlyList<PowerLimitChange>> ChangesAsync(IReadOnlyList<PowerLimit> limits, DateTimeOffset now, CancellationToken ct)
    {
        Asked.AddRange(limits);
        var changes = new List<PowerLimitChange>();
        foreach (var limit in limits)
        {
            var held = _held.GetValueOrDefault(Key(limit));
            if (held is not null && held.Start == limit.Start && held.SlotW.SequenceEqual(limit.SlotW) && Tail(held) == Tail(limit))
            {
                continue;
            }

            var raises = held is null
                || limit.SlotW.Select((w, i) => w > held.SlotW[Math.Min(i, held.SlotW.Count - 1)]).Any(r => r)
                || Tail(limit) > Tail(held);
            changes.Add(new PowerLimitChange(limit, raises));
        }

        return Task.FromResult<IReadOnlyList<PowerLimitChange>>(changes);
    }

    public async Task<SendOutcome> SetAsync(PowerLimitChange change, CancellationToken ct)
    {
        var name = $"{change.Limit.ChargePointId}/{change.Limit.ConnectorId}";
        _log.Enqueue("start " + name);
        await Task.Yield();
        if (_heldAnswers.TryGetValue(change.Limit.ChargePointId, out var answer))
        {
            await answer.Task.WaitAsync(ct);
        }

        _log.Enqueue("end " + name);
        if (Problems.TryGetValue(change.Limit.ChargePointId, out var problem))
        {
            return new SendOutcome(false, problem);
        }

        Hold(change.Limit);
        return new SendOutcome(true, null);
    }

    private static (string, int, bool) Key(PowerLimit limit) => (limit.ChargePointId, limit.ConnectorId, limit is FailSafePowerLimit);

    private static long Tail(PowerLimit limit) => limit is FailSafePowerLimit f ? f.ThenW : 0;
}
