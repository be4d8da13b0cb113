namespace OliMove.Modbus.SunSpec;

/// <summary>Model 124 ChaSt: the storage's charge status.</summary>
public enum SunSpecStorageState : ushort
{
    Off = 1,
    Empty = 2,
    Discharging = 3,
    Charging = 4,
    Full = 5,
    Holding = 6,
    Testing = 7,
}
