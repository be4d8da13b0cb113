using static OliMove.Modbus.SunSpec.SunSpecValueCodec;

namespace OliMove.Modbus.SunSpec;

/// <summary>
/// Reads a SunSpec device over an existing <see cref="ModbusTcpClient"/>. The map is discovered once (base by the
/// "SunS" marker, then the model chain) and kept; <see cref="ForgetMap"/> makes the next read discover again.
/// Every model is read whole in one request (all fit in 125 registers), so a value and its scale factor always
/// come from the same moment (some inverters change scale factors at run time).
/// </summary>
public sealed class SunSpecReader
{
    /// <summary>Base addresses to try, in order (SunSpec Alliance, "SunSpec Modbus" spec §6.2: 40000, 50000, 0).</summary>
    public static readonly IReadOnlyList<int> CandidateBaseAddresses = [40000, 50000, 0];

    private const int MaxModels = 200;
    private const int StorageModelLength = 24;
    private const int BatteryBankModelLength = 62;

    private readonly ModbusTcpClient _client;
    private readonly byte _unitId;

    public SunSpecReader(ModbusTcpClient client, byte unitId)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _unitId = unitId;
    }

    public byte UnitId => _unitId;

    public SunSpecMap? Map { get; private set; }

    public void ForgetMap() => Map = null;

    /// <summary>Finds the base address and walks the model chain to the end marker. Throws <see cref="SunSpecException"/> when there is no SunSpec map.</summary>
    public async Task<SunSpecMap> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        if (Map is { } known)
        {
            return known;
        }

        var baseAddress = await FindBaseAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new SunSpecException($"no SunSpec marker \"SunS\" at {string.Join(", ", CandidateBaseAddresses)} on unit {_unitId}");

        var models = new List<SunSpecModelHeader>();
        var address = baseAddress + 2;
        while (true)
        {
            if (models.Count >= MaxModels || address > 0xFFFF)
            {
                throw new SunSpecException($"SunSpec model chain from {baseAddress} has no end marker before address {address}");
            }

            var id = (await ReadAsync(address, 1, cancellationToken).ConfigureAwait(false))[0];

            // Some devices give the end marker no length register, so its ID is read on its own first.
            if (id == EndModelId)
            {
                break;
            }

            var length = (await ReadAsync(address + 1, 1, cancellationToken).ConfigureAwait(false))[0];
            models.Add(new SunSpecModelHeader(id, address, length));
            address += 2 + length;
        }

        Map = new SunSpecMap(baseAddress, models);
        return Map;
    }

    public async Task<SunSpecCommon> ReadCommonAsync(CancellationToken cancellationToken = default)
    {
        var r = await ReadModelAsync(1, minLength: 65, cancellationToken).ConfigureAwait(false);
        return new SunSpecCommon(
            String(r.AsSpan(2, 16)),
            String(r.AsSpan(18, 16)),
            String(r.AsSpan(34, 8)),
            String(r.AsSpan(42, 8)),
            String(r.AsSpan(50, 16)),
            r.Length > 66 ? UInt16(r[66]) : null);
    }

    /// <summary>Reads the first inverter model in the map (101/102/103 with scale factors, or 111/112/113 float).</summary>
    public async Task<SunSpecInverterMeasurement> ReadInverterAsync(CancellationToken cancellationToken = default)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.FindInverter()
            ?? throw new SunSpecException($"no inverter model ({string.Join("/", SunSpecMap.InverterModelIds)}) in the SunSpec map");
        if (model.Id < 110)
        {
            var r = await ReadModelAsync(model, minLength: 50, cancellationToken).ConfigureAwait(false);
            return new SunSpecInverterMeasurement(
                model.Id,
                Scale(Int16(r[14]), ScaleFactor(r[15])),
                Scale(Acc32(r[24], r[25]), ScaleFactor(r[26])),
                Scale(UInt16(r[16]), ScaleFactor(r[17])),
                State(r[38]));
        }
        else
        {
            var r = await ReadModelAsync(model, minLength: 60, cancellationToken).ConfigureAwait(false);
            return new SunSpecInverterMeasurement(
                model.Id,
                Float32(r[22], r[23]),
                Float32(r[32], r[33]),
                Float32(r[24], r[25]),
                State(r[48]));
        }
    }

    /// <summary>
    /// Reads the first meter model in the map (201-204). Offsets count from the ID register, as in the SunSpec
    /// model definitions: A 2-5, A_SF 6, PhV 7-10, V_SF 15, Hz 16/17, W 18-21, W_SF 22, TotWhExp 38, TotWhImp 46,
    /// TotWh_SF 54. A per-phase point a model leaves out (phase B/C of 201) carries its sentinel and reads null.
    /// </summary>
    public async Task<SunSpecMeterMeasurement> ReadMeterAsync(CancellationToken cancellationToken = default)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.FindMeter()
            ?? throw new SunSpecException($"no meter model ({string.Join("/", SunSpecMap.MeterModelIds)}) in the SunSpec map");
        var r = await ReadModelAsync(model, minLength: 55, cancellationToken).ConfigureAwait(false);
        var currentSf = ScaleFactor(r[6]);
        var voltageSf = ScaleFactor(r[15]);
        var powerSf = ScaleFactor(r[22]);
        var energySf = ScaleFactor(r[54]);
        var phaseCount = model.Id switch { 201 => 1, 202 => 2, _ => 3 };
        var phases = new SunSpecMeterPhase[phaseCount];
        for (var i = 0; i < phaseCount; i++)
        {
            phases[i] = new SunSpecMeterPhase(
                Watts(Scale(Int16(r[19 + i]), powerSf)),
                Scale(Int16(r[3 + i]), currentSf),
                Scale(Int16(r[8 + i]), voltageSf));
        }

        return new SunSpecMeterMeasurement(
            model.Id,
            Watts(Scale(Int16(r[18]), powerSf)),
            phases,
            Scale(Acc32(r[46], r[47]), energySf),
            Scale(Acc32(r[38], r[39]), energySf),
            Scale(Int16(r[16]), ScaleFactor(r[17])));
    }

    /// <summary>
    /// Reads model 124 (Storage) whole. Offsets count from the ID register, as in the model definition
    /// (docs/reference/sunspec-models/model_124.json): WChaMax 2, StorCtl_Mod 5, MinRsvPct 7, ChaState 8, ChaSt 11,
    /// OutWRte 12, InWRte 13, and their scale factors 18 (WChaMax_SF), 21 (MinRsvPct_SF), 22 (ChaState_SF),
    /// 25 (InOutWRte_SF).
    /// </summary>
    public async Task<SunSpecStorageMeasurement> ReadStorageAsync(CancellationToken cancellationToken = default)
    {
        var r = await ReadModelAsync(124, minLength: StorageModelLength, cancellationToken).ConfigureAwait(false);
        var rateSf = ScaleFactor(r[25]);
        return new SunSpecStorageMeasurement(
            Watts(Scale(UInt16(r[2]), ScaleFactor(r[18]))),
            Scale(UInt16(r[8]), ScaleFactor(r[22])),
            Scale(UInt16(r[7]), ScaleFactor(r[21])),
            UInt16(r[11]) is { } st && Enum.IsDefined(typeof(SunSpecStorageState), st) ? (SunSpecStorageState)st : null,
            UInt16(r[5]),
            Scale(Int16(r[13]), rateSf),
            Scale(Int16(r[12]), rateSf));
    }

    /// <summary>
    /// Reads model 802 (Battery Base) whole, or null when the device has none. Offsets from the ID register, as in
    /// docs/reference/sunspec-models/model_802.json: WHRtg 3, WChaRteMax 4, WDisChaRteMax 5, SoC 11, ChaSt 16, W 47,
    /// and the scale factors WHRtg_SF 53, WChaDisChaMax_SF 54, SoC_SF 56, W_SF 63 (optional: absent reads as 0).
    /// The model does not fix the sign of W, so its sign comes from ChaSt (charging positive, discharging negative);
    /// only when ChaSt says neither is W's own sign kept.
    /// </summary>
    public async Task<SunSpecBatteryBankMeasurement?> ReadBatteryBankAsync(CancellationToken cancellationToken = default)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        if (map.Find(802) is not { } model)
        {
            return null;
        }

        var r = await ReadModelAsync(model, minLength: BatteryBankModelLength, cancellationToken).ConfigureAwait(false);
        var limitSf = ScaleFactor(r[54]);
        var status = UInt16(r[16]) is { } st && Enum.IsDefined(typeof(SunSpecStorageState), st) ? (SunSpecStorageState)st : (SunSpecStorageState?)null;
        var w = Watts(Scale(Int16(r[47]), ScaleFactor(r[63]) ?? 0));
        long? power = w is not { } p ? null : status switch
        {
            SunSpecStorageState.Charging => Math.Abs(p),
            SunSpecStorageState.Discharging => -Math.Abs(p),
            _ => p,
        };
        return new SunSpecBatteryBankMeasurement(
            Watts(Scale(UInt16(r[3]), ScaleFactor(r[53]))),
            Watts(Scale(UInt16(r[4]), limitSf)),
            Watts(Scale(UInt16(r[5]), limitSf)),
            Scale(UInt16(r[11]), ScaleFactor(r[56])),
            status,
            power);
    }

    /// <summary>
    /// Asks the battery for exactly <paramref name="watts"/> (positive charges, negative discharges) through model
    /// 124: InWRte = the setpoint and OutWRte = its negation, both in % of WChaMax, so the window
    /// [−OutWRte, InWRte] the device must stay in is the setpoint itself; then the revert timeout, then StorCtl_Mod
    /// = 3 (both limits active), so the device never acts on half a setpoint. After the timeout without a rewrite
    /// the device drops the control (a silent edge leaves the battery to itself).
    /// </summary>
    public async Task WriteStorageSetpointAsync(long watts, TimeSpan revertTimeout, CancellationToken cancellationToken = default)
    {
        if (revertTimeout < TimeSpan.Zero || revertTimeout.TotalSeconds > 65534)
        {
            throw new ArgumentOutOfRangeException(nameof(revertTimeout), revertTimeout, "Revert timeout must be 0..65534 s.");
        }

        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.Find(124) ?? throw new SunSpecException("device has no model 124 (storage); it cannot take a setpoint");
        var r = await ReadModelAsync(model, minLength: StorageModelLength, cancellationToken).ConfigureAwait(false);
        var maxW = Scale(UInt16(r[2]), ScaleFactor(r[18])) ?? throw new SunSpecException("model 124 does not implement WChaMax; cannot encode a setpoint");
        var sf = ScaleFactor(r[25]) ?? throw new SunSpecException("model 124 does not implement InOutWRte_SF; cannot encode a setpoint");
        if (maxW <= 0 || Math.Abs(watts) > maxW)
        {
            throw new ArgumentOutOfRangeException(nameof(watts), watts, $"the battery's WChaMax is {maxW} W");
        }

        var raw = Math.Round(watts * 100.0 / maxW / Math.Pow(10, sf));
        if (raw is <= short.MinValue or > short.MaxValue)
        {
            throw new SunSpecException($"{watts} W cannot be encoded with InOutWRte_SF {sf}");
        }

        var value = unchecked((ushort)(short)raw);
        var negated = unchecked((ushort)(short)-raw);
        await _client.WriteMultipleRegistersAsync(_unitId, (ushort)model.AddressOf(12), [negated, value, 0, (ushort)Math.Round(revertTimeout.TotalSeconds)], cancellationToken).ConfigureAwait(false);
        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(5), 3, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes model 124 MinRsvPct, the reserve the battery keeps by itself whatever it is asked, rounded up to the
    /// register's step (MinRsvPct_SF), so the device holds at least <paramref name="percent"/>.
    /// </summary>
    public async Task WriteStorageReserveAsync(double percent, CancellationToken cancellationToken = default)
    {
        if (!(percent is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A reserve is 0..100 %.");
        }

        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.Find(124) ?? throw new SunSpecException("device has no model 124 (storage)");
        var r = await ReadModelAsync(model, minLength: StorageModelLength, cancellationToken).ConfigureAwait(false);
        var sf = ScaleFactor(r[21]) ?? throw new SunSpecException("model 124 does not implement MinRsvPct_SF; cannot write a reserve");
        var raw = Math.Ceiling(Math.Round(percent / Math.Pow(10, sf), 6));
        if (raw > ushort.MaxValue - 1)
        {
            throw new SunSpecException($"{percent} % cannot be encoded with MinRsvPct_SF {sf}");
        }

        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(7), (ushort)raw, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves the battery to itself (StorCtl_Mod = 0).</summary>
    public async Task ClearStorageSetpointAsync(CancellationToken cancellationToken = default)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.Find(124) ?? throw new SunSpecException("device has no model 124 (storage)");
        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(5), 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Model 120, or null when the device has none.</summary>
    public async Task<SunSpecNameplate?> ReadNameplateAsync(CancellationToken cancellationToken = default)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        if (map.Find(120) is not { } model)
        {
            return null;
        }

        var r = await ReadModelAsync(model, minLength: 26, cancellationToken).ConfigureAwait(false);
        return new SunSpecNameplate(UInt16(r[2]), Scale(UInt16(r[3]), ScaleFactor(r[4])));
    }

    /// <summary>Model 123 active-power limit, or null when the device has no model 123.</summary>
    public async Task<SunSpecPowerLimit?> ReadPowerLimitAsync(CancellationToken cancellationToken = default)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        if (map.Find(123) is not { } model)
        {
            return null;
        }

        var r = await ReadModelAsync(model, minLength: 24, cancellationToken).ConfigureAwait(false);
        var revert = UInt16(r[7]);
        var enabled = UInt16(r[9]);
        return new SunSpecPowerLimit(
            Scale(UInt16(r[5]), ScaleFactor(r[23])),
            revert is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            enabled is { } e ? e == 1 : null);
    }

    /// <summary>
    /// Limits active power to <paramref name="percent"/> of WMax via model 123: WMaxLimPct, then the revert
    /// timeout, then WMaxLim_Ena = 1 (the order the SunSpec controls expect). 0 % is refused because some
    /// inverters go to standby on it and need a manual restart.
    /// </summary>
    public async Task WritePowerLimitAsync(double percent, TimeSpan revertTimeout, CancellationToken cancellationToken = default)
    {
        if (!(percent > 0 && percent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Power limit must be > 0 % and <= 100 %.");
        }

        if (revertTimeout < TimeSpan.Zero || revertTimeout.TotalSeconds > 65534)
        {
            throw new ArgumentOutOfRangeException(nameof(revertTimeout), revertTimeout, "Revert timeout must be 0..65534 s.");
        }

        var (model, r) = await ReadControlsAsync(cancellationToken).ConfigureAwait(false);
        var sf = ScaleFactor(r[23]) ?? throw new SunSpecException("model 123 does not implement WMaxLimPct_SF; cannot encode a limit");
        var raw = Math.Round(percent / Math.Pow(10, sf));
        if (raw < 1 || raw >= NotImplementedUInt16)
        {
            throw new SunSpecException($"{percent} % cannot be encoded with WMaxLimPct_SF {sf}");
        }

        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(5), (ushort)raw, cancellationToken).ConfigureAwait(false);
        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(7), (ushort)Math.Round(revertTimeout.TotalSeconds), cancellationToken).ConfigureAwait(false);
        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(9), 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the limit (WMaxLim_Ena = 0).</summary>
    public async Task ClearPowerLimitAsync(CancellationToken cancellationToken = default)
    {
        var (model, _) = await ReadControlsAsync(cancellationToken).ConfigureAwait(false);
        await _client.WriteSingleRegisterAsync(_unitId, (ushort)model.AddressOf(9), 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(SunSpecModelHeader Model, ushort[] Registers)> ReadControlsAsync(CancellationToken cancellationToken)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.Find(123) ?? throw new SunSpecException("device has no model 123 (immediate controls); it cannot be curtailed");
        return (model, await ReadModelAsync(model, minLength: 24, cancellationToken).ConfigureAwait(false));
    }

    private async Task<int?> FindBaseAsync(CancellationToken cancellationToken)
    {
        foreach (var candidate in CandidateBaseAddresses)
        {
            try
            {
                var marker = await ReadAsync(candidate, 2, cancellationToken).ConfigureAwait(false);
                if (marker[0] == MarkerHigh && marker[1] == MarkerLow)
                {
                    return candidate;
                }
            }
            catch (ModbusException ex) when (ex.ExceptionCode == ModbusExceptionCode.IllegalDataAddress)
            {
                // Normal while probing: the device has no registers at this candidate.
            }
        }

        return null;
    }

    private async Task<ushort[]> ReadModelAsync(ushort id, int minLength, CancellationToken cancellationToken)
    {
        var map = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var model = map.Find(id) ?? throw new SunSpecException($"no model {id} in the SunSpec map");
        return await ReadModelAsync(model, minLength, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The model's registers from its ID register on (index = SunSpec offset), in one request when it fits.</summary>
    private async Task<ushort[]> ReadModelAsync(SunSpecModelHeader model, int minLength, CancellationToken cancellationToken)
    {
        if (model.Length < minLength)
        {
            throw new SunSpecException($"model {model.Id} at {model.Address} has length {model.Length}, expected at least {minLength}");
        }

        var registers = await ReadAsync(model.Address, model.Length + 2, cancellationToken).ConfigureAwait(false);
        if (registers[0] != model.Id)
        {
            // The device re-arranged its map (firmware update, restart): discover again next time.
            ForgetMap();
            throw new SunSpecException($"expected model {model.Id} at {model.Address} but found {registers[0]}; the map changed");
        }

        return registers;
    }

    private static long? Watts(double? value) => value is { } w ? (long)Math.Round(w) : null;

    private static SunSpecOperatingState? State(ushort raw) =>
        UInt16(raw) is { } st && Enum.IsDefined(typeof(SunSpecOperatingState), st) ? (SunSpecOperatingState)st : null;

    private Task<ushort[]> ReadAsync(int address, int count, CancellationToken cancellationToken) =>
        _client.ReadHoldingRegistersAsync(_unitId, checked((ushort)address), count, cancellationToken);
}
