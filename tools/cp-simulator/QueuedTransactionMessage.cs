namespace OliMove.Tools.CpSimulator;

/// <summary>A StartTransaction, MeterValues or StopTransaction waiting to be delivered, in order (OCPP 1.6 §4.10:
/// transaction-related messages are queued while offline and delivered later). <paramref name="Build"/> makes the
/// payload at send time, because the transaction id may only become known when the queued start is confirmed.</summary>
public sealed record QueuedTransactionMessage(string Action, int? LocalTransaction, Func<Func<int?, int?>, object> Build);
