using OliMove.Modbus.SunSpec;
using static OliMove.Modbus.SunSpec.SunSpecValueCodec;

namespace OliMove.Tools.PvSimulator;

/// <summary>
/// The simulated device's holding registers: "SunS", models 1, 103 or 113, 120, 123, optionally a meter model
/// (201-204) and the end marker, laid out from the base address. Only model 123's control registers are writable. Not thread-safe: the simulator locks.
/// </summary>
public sealed class SunSpecRegisterMap
{
    private const int CommonLength = 66;
    private const int IntInverterLength = 50;
    private const int FloatInverterLength = 60;
    private const int NameplateLength = 26;
    private const int ControlsLength = 24;
    private const int MeterLength = 105;
    private const int StorageLength = 24;
    private const int BatteryBankLength = 62;
    private const short BatteryBankSocScaleFactor = -1;
    private const short StorageRateScaleFactor = -2;
    private const short StorageSocScaleFactor = -1;
    private const short MeterCurrentScaleFactor = -2;
    private const short MeterVoltageScaleFactor = -1;
    private const double MeterVoltageV = 230;

    private readonly ushort[] _registers = new ushort[0x10000];
    private readonly HashSet<int> _pinned = [];
    private readonly HashSet<int> _writable = [];
    private readonly SimulatorOptions _options;
    private readonly short _powerScaleFactor;

    public SunSpecRegisterMap(SimulatorOptions options)
    {
        _options = options;
        _powerScaleFactor = options.PowerScaleFactor ?? FittingScaleFactor(options.RatedPowerW);
        var address = options.BaseAddress;
        Write(address, MarkerHigh, MarkerLow);
        address += 2;

        CommonAddress = address;
        LayCommon(address);
        address += 2 + CommonLength;

        InverterAddress = address;
        InverterModelId = (ushort)(options.UseFloatModel ? 113 : 103);
        LayInverter(address);
        address += 2 + (options.UseFloatModel ? FloatInverterLength : IntInverterLength);

        NameplateAddress = address;
        LayNameplate(address);
        address += 2 + NameplateLength;

        ControlsAddress = address;
        LayControls(address);
        address += 2 + ControlsLength;

        if (options.MeterModelId is { } meterModelId)
        {
            MeterAddress = address;
            LayMeter(address, meterModelId);
            address += 2 + MeterLength;
        }

        if (options.BatteryCapacityWh is not null)
        {
            StorageAddress = address;
            LayStorage(address);
            address += 2 + StorageLength;
            if (options.BatteryBankModel)
            {
                BatteryBankAddress = address;
                LayBatteryBank(address);
                address += 2 + BatteryBankLength;
            }
        }

        Write(address, EndModelId, 0);
        EndAddress = address + 2;
    }

    public int BaseAddress => _options.BaseAddress;

    public int CommonAddress { get; }

    public ushort InverterModelId { get; }

    public int InverterAddress { get; }

    public int NameplateAddress { get; }

    public int ControlsAddress { get; }

    /// <summary>Wire address of the meter model's ID register; null when no meter is served.</summary>
    public int? MeterAddress { get; }

    /// <summary>Wire address of model 124's ID register; null when no battery is served.</summary>
    public int? StorageAddress { get; }

    /// <summary>Wire address of model 802's ID register; null when no battery bank model is served.</summary>
    public int? BatteryBankAddress { get; }

    /// <summary>One past the last served register.</summary>
    public int EndAddress { get; }

    public short PowerScaleFactor => _powerScaleFactor;

    public bool Serves(int address, int count) => address >= BaseAddress && address + count <= EndAddress;

    public bool IsWritable(int address) => _writable.Contains(address);

    public ushort this[int address] => _registers[address];

    public void Set(int address, ushort value)
    {
        if (!_pinned.Contains(address))
        {
            _registers[address] = value;
        }
    }

    /// <summary>Fixes a register to a value the production model will not overwrite (tests: not-implemented values).</summary>
    public void Pin(int address, ushort value)
    {
        _registers[address] = value;
        _pinned.Add(address);
    }

    public void UpdateMeasurements(double powerW, double energyWh, SunSpecOperatingState state)
    {
        var a = powerW / (3 * 230.0);
        if (_options.UseFloatModel)
        {
            SetFloat(InverterAddress + 2, (float)a);
            SetFloat(InverterAddress + 22, (float)powerW);
            SetFloat(InverterAddress + 24, 50f);
            SetFloat(InverterAddress + 32, (float)energyWh);
            Set(InverterAddress + 48, (ushort)state);
        }
        else
        {
            Set(InverterAddress + 2, (ushort)Math.Round(a * 100));
            Set(InverterAddress + 14, unchecked((ushort)(short)Math.Round(powerW / Math.Pow(10, _powerScaleFactor))));
            var (high, low) = EncodeUInt32((uint)Math.Round(energyWh / Math.Pow(10, _options.EnergyScaleFactor)));
            Set(InverterAddress + 24, high);
            Set(InverterAddress + 25, low);
            Set(InverterAddress + 38, (ushort)state);
        }
    }

    /// <summary>Writes the meter's per-phase power (phase A first; W, positive = import), current at 230 V, and its energy counters.</summary>
    public void UpdateMeter(IReadOnlyList<long> phasePowerW, double importedWh, double exportedWh)
    {
        if (MeterAddress is not { } m)
        {
            throw new InvalidOperationException("This simulator serves no meter model (SimulatorOptions.MeterModelId).");
        }

        var wScale = Math.Pow(10, _options.MeterPowerScaleFactor);
        long total = 0;
        for (var i = 0; i < phasePowerW.Count; i++)
        {
            total += phasePowerW[i];
            Set(m + 19 + i, Int16Register(phasePowerW[i] / wScale));
            Set(m + 3 + i, Int16Register(Math.Abs(phasePowerW[i]) / MeterVoltageV / Math.Pow(10, MeterCurrentScaleFactor)));
        }

        Set(m + 18, Int16Register(total / wScale));
        Set(m + 2, Int16Register(phasePowerW.Sum(p => Math.Abs(p)) / MeterVoltageV / Math.Pow(10, MeterCurrentScaleFactor)));
        var (expHigh, expLow) = EncodeUInt32((uint)Math.Max(1, Math.Round(exportedWh)));
        Set(m + 38, expHigh);
        Set(m + 39, expLow);
        var (impHigh, impLow) = EncodeUInt32((uint)Math.Max(1, Math.Round(importedWh)));
        Set(m + 46, impHigh);
        Set(m + 47, impLow);
    }

    /// <summary>
    /// The window model 124 holds the battery's power in (W, positive = charging), [−OutWRte, InWRte] of WChaMax for
    /// each limit StorCtl_Mod activates; null when no control is active.
    /// </summary>
    public (double Lowest, double Highest)? StorageWindowW
    {
        get
        {
            if (StorageAddress is not { } s || _registers[s + 5] == 0)
            {
                return null;
            }

            var mode = _registers[s + 5];
            var scale = _options.BatteryMaxPowerW / 100 * Math.Pow(10, StorageRateScaleFactor);
            var highest = (mode & 1) != 0 ? unchecked((short)_registers[s + 13]) * scale : _options.BatteryMaxPowerW;
            var lowest = (mode & 2) != 0 ? -unchecked((short)_registers[s + 12]) * scale : -_options.BatteryMaxPowerW;
            return (lowest, highest);
        }
    }

    /// <summary>Model 124 MinRsvPct (MinRsvPct_SF 0): the reserve the battery keeps itself, % of its capacity; 0 without a battery.</summary>
    public double StorageReservePercent => StorageAddress is { } s && _registers[s + 7] != NotImplementedUInt16 ? _registers[s + 7] : 0;

    public TimeSpan StorageRevertTimeout => StorageAddress is { } s ? TimeSpan.FromSeconds(_registers[s + 15]) : TimeSpan.Zero;

    public void DisableStorageControl()
    {
        if (StorageAddress is { } s)
        {
            _registers[s + 5] = 0;
        }
    }

    public bool IsStorageControlRegister(int address) => StorageAddress is { } s && (address == s + 5 || (address >= s + 12 && address <= s + 15));

    /// <summary>Writes the battery's state of charge and status (ChaSt).</summary>
    public void UpdateStorage(double socPercent, double powerW)
    {
        if (StorageAddress is not { } s)
        {
            return;
        }

        Set(s + 8, (ushort)Math.Round(socPercent / Math.Pow(10, StorageSocScaleFactor)));
        ushort state = powerW > 0 ? (ushort)4 : powerW < 0 ? (ushort)3 : socPercent <= 0 ? (ushort)2 : socPercent >= 100 ? (ushort)5 : (ushort)6;
        Set(s + 11, state);
        if (BatteryBankAddress is { } b)
        {
            // Model 802: SoC, ChaSt and W (its magnitude; the sign convention of W is the vendor's, ChaSt gives the direction).
            Set(b + 11, (ushort)Math.Round(socPercent / Math.Pow(10, BatteryBankSocScaleFactor)));
            Set(b + 16, state);
            Set(b + 47, Int16Register(powerW / Math.Pow(10, FittingScaleFactor(_options.BatteryMaxPowerW))));
        }
    }

    /// <summary>Model 123 limit as the device sees it: percent when enabled, else null.</summary>
    public double? ActiveLimitPercent =>
        _registers[ControlsAddress + 9] == 1 ? _registers[ControlsAddress + 5] * Math.Pow(10, _options.LimitScaleFactor) : null;

    public TimeSpan LimitRevertTimeout => TimeSpan.FromSeconds(_registers[ControlsAddress + 7]);

    public void DisableLimit() => _registers[ControlsAddress + 9] = 0;

    public bool IsLimitRegister(int address) => address >= ControlsAddress + 5 && address <= ControlsAddress + 9;

    public void Write(int address, params ushort[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            _registers[address + i] = values[i];
        }
    }

    private static short FittingScaleFactor(double ratedW)
    {
        short sf = 0;
        while (ratedW / Math.Pow(10, sf) > 32767)
        {
            sf++;
        }

        return sf;
    }

    private void Header(int address, ushort id, int length, bool sentinelBody)
    {
        Write(address, id, (ushort)length);
        for (var i = 0; i < length; i++)
        {
            _registers[address + 2 + i] = sentinelBody ? NotImplementedUInt16 : (ushort)0;
        }
    }

    private void LayCommon(int address)
    {
        Header(address, 1, CommonLength, sentinelBody: false);
        Write(address + 2, EncodeString(_options.Manufacturer, 16));
        Write(address + 18, EncodeString(_options.ModelName, 16));
        Write(address + 34, EncodeString("", 8));
        Write(address + 42, EncodeString(_options.Version, 8));
        Write(address + 50, EncodeString(_options.SerialNumber, 16));
        Write(address + 66, _options.UnitId);
    }

    private void LayInverter(int address)
    {
        if (_options.UseFloatModel)
        {
            Header(address, 113, FloatInverterLength, sentinelBody: false);
            for (var offset = 2; offset < 48; offset += 2)
            {
                SetFloat(address + offset, float.NaN);
            }

            SetFloat(address + 16, 230f);
            SetFloat(address + 18, 230f);
            SetFloat(address + 20, 230f);
            Write(address + 49, NotImplementedUInt16);
            return;
        }

        // Unused points carry their not-implemented sentinel: int16 and sunssf 0x8000, uint16 0xFFFF.
        Header(address, 103, IntInverterLength, sentinelBody: true);
        Write(address + 2, 0, NotImplementedUInt16, NotImplementedUInt16, NotImplementedUInt16, unchecked((ushort)(short)-2));
        Write(address + 10, 230, 230, 230, 0);
        Write(address + 14, 0, unchecked((ushort)_powerScaleFactor), 5000, unchecked((ushort)(short)-2));
        Write(address + 18, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16);
        Write(address + 24, 0, 0, unchecked((ushort)_options.EnergyScaleFactor));
        Write(address + 27, NotImplementedUInt16, NotImplementedInt16, NotImplementedUInt16, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16);
        Write(address + 33, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16, NotImplementedInt16);
        Write(address + 38, (ushort)SunSpecOperatingState.Sleeping);
        Write(address + 40, 0, 0, 0, 0);
    }

    private void LayNameplate(int address)
    {
        Header(address, 120, NameplateLength, sentinelBody: true);
        var sf = FittingScaleFactor(_options.RatedPowerW);
        Write(address + 2, 4, (ushort)Math.Round(_options.RatedPowerW / Math.Pow(10, sf)), (ushort)sf);
    }

    private void LayControls(int address)
    {
        Header(address, 123, ControlsLength, sentinelBody: true);
        Write(address + 2, 0, 0, 1);
        Write(address + 5, (ushort)Math.Round(100 / Math.Pow(10, _options.LimitScaleFactor)), 0, 0, 0, 0);
        Write(address + 23, unchecked((ushort)_options.LimitScaleFactor), NotImplementedInt16, NotImplementedInt16);
        for (var offset = 5; offset <= 9; offset++)
        {
            _writable.Add(address + offset);
        }
    }

    private void LayStorage(int address)
    {
        // Model 124 (docs/reference/sunspec-models/model_124.json): WChaMax, the controls, ChaState, ChaSt; the rest not implemented.
        Header(address, 124, StorageLength, sentinelBody: true);
        Write(address + 2, (ushort)Math.Round(_options.BatteryMaxPowerW));
        Write(address + 5, 0);
        Write(address + 7, 0);
        Write(address + 8, (ushort)Math.Round(_options.BatteryInitialSocPercent / Math.Pow(10, StorageSocScaleFactor)));
        Write(address + 11, 6);
        Write(address + 12, 0, 0, 0, 0);
        Write(address + 18, 0, NotImplementedInt16, NotImplementedInt16, 0, unchecked((ushort)StorageSocScaleFactor), NotImplementedInt16, NotImplementedInt16, unchecked((ushort)StorageRateScaleFactor));
        foreach (var offset in new[] { 5, 7, 12, 13, 14, 15 })
        {
            _writable.Add(address + offset);
        }
    }

    private void LayBatteryBank(int address)
    {
        // Model 802 (docs/reference/sunspec-models/model_802.json): ratings, SoC, ChaSt, W and their scale factors; the rest not implemented.
        Header(address, 802, BatteryBankLength, sentinelBody: true);
        var capacity = _options.BatteryCapacityWh!.Value;
        short whSf = 0;
        while (capacity / Math.Pow(10, whSf) > 65534)
        {
            whSf++;
        }

        var wSf = FittingScaleFactor(_options.BatteryMaxPowerW);
        var rate = (ushort)Math.Round(_options.BatteryMaxPowerW / Math.Pow(10, wSf));
        Write(address + 3, (ushort)Math.Round(capacity / Math.Pow(10, whSf)), rate, rate);
        Write(address + 11, (ushort)Math.Round(_options.BatteryInitialSocPercent / Math.Pow(10, BatteryBankSocScaleFactor)));
        Write(address + 16, 6);
        Write(address + 47, 0);
        Write(address + 53, (ushort)whSf, (ushort)wSf);
        Write(address + 56, unchecked((ushort)BatteryBankSocScaleFactor));
        Write(address + 63, (ushort)wSf);
    }

    /// <summary>Phases the meter model carries: 201 one (A), 202 two (A, B), 203/204 three.</summary>
    public static int MeterPhaseCount(ushort meterModelId) => meterModelId switch { 201 => 1, 202 => 2, _ => 3 };

    private static ushort Int16Register(double value) => unchecked((ushort)(short)Math.Clamp(Math.Round(value), short.MinValue + 1, short.MaxValue));

    private void LayMeter(int address, ushort id)
    {
        // Every point starts at its sentinel (int16/sunssf 0x8000, acc32 0); then what this meter implements.
        Header(address, id, MeterLength, sentinelBody: false);
        for (var offset = 2; offset <= 37; offset++)
        {
            _registers[address + offset] = NotImplementedInt16;
        }

        var phases = MeterPhaseCount(id);
        Write(address + 2, 0);
        Write(address + 6, unchecked((ushort)MeterCurrentScaleFactor));
        for (var i = 0; i < phases; i++)
        {
            Write(address + 3 + i, 0);
            Write(address + 19 + i, 0);
            if (id != 204)
            {
                Write(address + 8 + i, (ushort)Math.Round(MeterVoltageV / Math.Pow(10, MeterVoltageScaleFactor)));
            }
        }

        Write(address + 15, unchecked((ushort)MeterVoltageScaleFactor));
        Write(address + 16, 5000, unchecked((ushort)(short)-2));
        Write(address + 18, 0);
        Write(address + 22, unchecked((ushort)_options.MeterPowerScaleFactor));
        Write(address + 54, 0);
        Write(address + 71, NotImplementedInt16);
        Write(address + 104, NotImplementedInt16);
    }

    private void SetFloat(int address, float value)
    {
        var (high, low) = EncodeFloat32(value);
        Set(address, high);
        Set(address + 1, low);
    }
}
