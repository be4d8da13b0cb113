using System.Runtime.Serialization;

namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum Measurand
{
    [EnumMember(Value = "Energy.Active.Export.Register")]
    EnergyActiveExportRegister,
    [EnumMember(Value = "Energy.Active.Import.Register")]
    EnergyActiveImportRegister,
    [EnumMember(Value = "Energy.Reactive.Export.Register")]
    EnergyReactiveExportRegister,
    [EnumMember(Value = "Energy.Reactive.Import.Register")]
    EnergyReactiveImportRegister,
    [EnumMember(Value = "Energy.Active.Export.Interval")]
    EnergyActiveExportInterval,
    [EnumMember(Value = "Energy.Active.Import.Interval")]
    EnergyActiveImportInterval,
    [EnumMember(Value = "Energy.Reactive.Export.Interval")]
    EnergyReactiveExportInterval,
    [EnumMember(Value = "Energy.Reactive.Import.Interval")]
    EnergyReactiveImportInterval,
    [EnumMember(Value = "Power.Active.Export")]
    PowerActiveExport,
    [EnumMember(Value = "Power.Active.Import")]
    PowerActiveImport,
    [EnumMember(Value = "Power.Offered")]
    PowerOffered,
    [EnumMember(Value = "Power.Reactive.Export")]
    PowerReactiveExport,
    [EnumMember(Value = "Power.Reactive.Import")]
    PowerReactiveImport,
    [EnumMember(Value = "Power.Factor")]
    PowerFactor,
    [EnumMember(Value = "Current.Import")]
    CurrentImport,
    [EnumMember(Value = "Current.Export")]
    CurrentExport,
    [EnumMember(Value = "Current.Offered")]
    CurrentOffered,
    Voltage,
    Frequency,
    Temperature,
    SoC,
    RPM,
}
