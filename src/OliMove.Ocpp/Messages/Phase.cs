using System.Runtime.Serialization;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum Phase
{
    L1,
    L2,
    L3,
    N,
    [EnumMember(Value = "L1-N")]
    L1N,
    [EnumMember(Value = "L2-N")]
    L2N,
    [EnumMember(Value = "L3-N")]
    L3N,
    [EnumMember(Value = "L1-L2")]
    L1L2,
    [EnumMember(Value = "L2-L3")]
    L2L3,
    [EnumMember(Value = "L3-L1")]
    L3L1,
}
