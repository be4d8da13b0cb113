using System.Runtime.Serialization;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum UnitOfMeasure
{
    Wh,
    [EnumMember(Value = "kWh")]
    KWh,
    [EnumMember(Value = "varh")]
    Varh,
    [EnumMember(Value = "kvarh")]
    Kvarh,
    W,
    [EnumMember(Value = "kW")]
    KW,
    VA,
    [EnumMember(Value = "kVA")]
    KVA,
    [EnumMember(Value = "var")]
    Var,
    [EnumMember(Value = "kvar")]
    Kvar,
    A,
    V,
    K,
    Celcius,
    Celsius,
    Fahrenheit,
    Percent,
}
