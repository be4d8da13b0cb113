using System.Runtime.Serialization;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum ReadingContext
{
    [EnumMember(Value = "Interruption.Begin")]
    InterruptionBegin,
    [EnumMember(Value = "Interruption.End")]
    InterruptionEnd,
    [EnumMember(Value = "Sample.Clock")]
    SampleClock,
    [EnumMember(Value = "Sample.Periodic")]
    SamplePeriodic,
    [EnumMember(Value = "Transaction.Begin")]
    TransactionBegin,
    [EnumMember(Value = "Transaction.End")]
    TransactionEnd,
    Trigger,
    Other,
}
