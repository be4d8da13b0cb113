using System.Collections.Concurrent;

namespace OliMove.Tools.Soak;

/// <summary>What the simulated fleet did, counted across all its charge points (thread-safe).</summary>
public sealed class FleetCounters
{
    private readonly ConcurrentDictionary<int, string> _acknowledged = new();
    private long _startsMade;
    private long _stops;
    private long _meterSamples;
    private long _heartbeats;
    private long _drops;
    private long _reconnects;
    private long _unexpectedDisconnects;
    private long _conflictingAcknowledgements;
    private long _callsRefused;

    public long StartsMade => Interlocked.Read(ref _startsMade);

    public long Stops => Interlocked.Read(ref _stops);

    public long MeterSamples => Interlocked.Read(ref _meterSamples);

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Connections the fleet dropped on purpose (socket aborted, no close handshake).</summary>
    public long Drops => Interlocked.Read(ref _drops);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Calls that failed on a connection the fleet had not dropped: the service closed it or did not answer in time.</summary>
    public long UnexpectedDisconnects => Interlocked.Read(ref _unexpectedDisconnects);

    /// <summary>Heartbeats and status notifications the service answered with a CALLERROR.</summary>
    public long CallsRefused => Interlocked.Read(ref _callsRefused);

    /// <summary>Transaction ids the service gave to two different charge points.</summary>
    public long ConflictingAcknowledgements => Interlocked.Read(ref _conflictingAcknowledgements);

    /// <summary>Transaction ids the service confirmed (StartTransaction.conf), with the charge point that got each.</summary>
    public IReadOnlyDictionary<int, string> Acknowledged => _acknowledged;

    public void StartMade() => Interlocked.Increment(ref _startsMade);

    public void Stopped() => Interlocked.Increment(ref _stops);

    public void MeterSampled() => Interlocked.Increment(ref _meterSamples);

    public void Heartbeat() => Interlocked.Increment(ref _heartbeats);

    public void Dropped() => Interlocked.Increment(ref _drops);

    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    public void DisconnectedUnexpectedly() => Interlocked.Increment(ref _unexpectedDisconnects);

    public void CallRefused() => Interlocked.Increment(ref _callsRefused);

    public void Acknowledge(int transactionId, string chargePointId)
    {
        if (!_acknowledged.TryAdd(transactionId, chargePointId) && _acknowledged[transactionId] != chargePointId)
        {
            Interlocked.Increment(ref _conflictingAcknowledgements);
        }
    }
}
