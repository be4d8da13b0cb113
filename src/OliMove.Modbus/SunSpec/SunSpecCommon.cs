namespace OliMove.Modbus.SunSpec;

/// <summary>Model 1 (Common): who made the device and what it is.</summary>
public sealed record SunSpecCommon(string Manufacturer, string Model, string Options, string Version, string SerialNumber, ushort? DeviceAddress);
