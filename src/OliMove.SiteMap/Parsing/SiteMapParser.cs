using OliMove.SiteMap.Model;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

/// <summary>
/// First pass: reads every section of the YAML tree field by field (keys, types, ranges, required
/// fields). Relations between items (parents, cabinets, duplicates) are checked in <see cref="SiteMapCrossChecks"/>.
/// </summary>
internal sealed class SiteMapParser(SiteMapDiagnostics diagnostics)
{
    public const double DefaultNominalVoltageV = 230;

    // IEC 61851-1: a PWM duty cycle below 6 A is not a valid charging current.
    public const double DefaultMinCurrentA = 6;

    private static readonly string[] RootKeys = ["site", "gridConnection", "circuits", "chargePoints", "pvInverters", "batteries", "otherLoads", "meters"];
    private static readonly string[] SiteKeys = ["id", "name", "nominalVoltageV", "timeZone"];
    private static readonly string[] GridKeys = ["limitA", "limitW"];
    private static readonly string[] CircuitKeys = ["id", "parent", "limitA", "limitW"];
    private static readonly string[] ChargePointKeys = ["chargePointId", "circuit", "authorizationKeyHash", "chargingRateUnit", "connectors", "upstream"];
    private static readonly string[] ConnectorKeys = ["connectorId", "evseId", "connectionType", "ratedPowerW", "phases", "phase", "minCurrentA", "maxCurrentA", "switchesToOnePhase"];
    private static readonly string[] PvKeys = ["id", "circuit", "ratedPowerW", "modbus"];
    private static readonly string[] ModbusKeys = ["host", "port", "unitId"];
    private static readonly string[] BatteryKeys = ["id", "circuit", "capacityWh", "usableEnergyWh", "reserveWh", "reservePercent", "maxChargeW", "maxDischargeW", "chargeFromGrid", "modbus"];
    private static readonly string[] OtherLoadKeys = ["id", "circuit", "reservedW", "meteredWorstCaseW", "phases", "phase"];
    private static readonly string[] MeterKeys = ["id", "gridConnection", "circuit", "otherLoad", "modbus", "registers"];
    private static readonly string[] RegisterMapKeys = ["table", "totalPowerW", "phasePowerW"];
    private static readonly string[] RegisterPointKeys = ["address", "type", "scale", "wordOrder", "byteOrder"];

    private readonly SiteMapDiagnostics _diagnostics = diagnostics;

    // Known once 'site' is read; connectors need it to derive their maximum current.
    private double? _voltage;

    public ParsedSiteMap? Parse(YamlTreeNode? root)
    {
        if (root is null || (root is YamlTreeScalar s && YamlScalarResolver.Resolve(s) == YamlScalarKind.Null))
        {
            _diagnostics.Error(1, 1, "the site map is empty; it needs at least 'site', 'gridConnection', 'circuits' and 'chargePoints'");
            return null;
        }

        if (root is not YamlTreeMapping rootMapping)
        {
            _diagnostics.Error(root, $"the site map must be a mapping of keys to values, not {YamlFields.Describe(root)}");
            return null;
        }

        var fields = new YamlFields(rootMapping, "the site map", RootKeys, _diagnostics);
        fields.ReportUnknownKeys();

        string? siteId = null, siteName = null, timeZone = null;
        double? voltage = null;
        if (fields.Mapping("site", required: true) is { } siteMapping)
        {
            var site = new YamlFields(siteMapping, "the site", SiteKeys, _diagnostics);
            site.ReportUnknownKeys();
            siteId = site.Text("id", required: true);
            siteName = site.Text("name", required: false) ?? (site.Has("name") ? null : siteId);
            voltage = site.Has("nominalVoltageV") ? site.Number("nominalVoltageV", required: false) : DefaultNominalVoltageV;
            timeZone = site.Text("timeZone", required: false);
            // Pages show times and the history cuts days in the site's own zone; an unknown id would shift both.
            if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            {
                _diagnostics.Error(site.Node("timeZone")!, $"'timeZone' of the site is not a known IANA time zone id (e.g. Europe/Berlin): '{timeZone}'");
            }
        }
        else
        {
            voltage = DefaultNominalVoltageV;
        }

        _voltage = voltage;

        double? gridA = null, gridW = null;
        var gridValid = false;
        var gridMapping = fields.Mapping("gridConnection", required: true);
        if (gridMapping is not null)
        {
            var grid = new YamlFields(gridMapping, "the grid connection", GridKeys, _diagnostics);
            grid.ReportUnknownKeys();
            gridA = grid.Number("limitA", required: false);
            gridW = grid.Number("limitW", required: false);
            gridValid = RequireALimit(grid, gridA, gridW);
        }

        return new ParsedSiteMap
        {
            SiteId = siteId,
            SiteName = siteName,
            TimeZone = timeZone,
            NominalVoltageV = voltage,
            GridNode = gridMapping,
            GridLimitA = gridA,
            GridLimitW = gridW,
            GridValid = gridValid,
            Circuits = Items(fields, "circuits", required: true, ReadCircuit),
            ChargePoints = Items(fields, "chargePoints", required: true, ReadChargePoint, allowEmpty: true),
            PvInverters = Items(fields, "pvInverters", required: false, ReadPvInverter),
            Batteries = Items(fields, "batteries", required: false, ReadBattery),
            OtherLoads = Items(fields, "otherLoads", required: false, ReadOtherLoad),
            Meters = Items(fields, "meters", required: false, ReadMeter),
        };
    }

    private List<T> Items<T>(YamlFields fields, string key, bool required, Func<YamlTreeMapping, int, T> read, bool allowEmpty = false)
    {
        var result = new List<T>();
        var sequence = fields.Sequence(key, required);
        if (sequence is null)
        {
            return result;
        }

        if (required && !allowEmpty && sequence.Items.Count == 0)
        {
            _diagnostics.Error(sequence, $"'{key}' of {fields.Owner} must list at least one item");
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (sequence.Items[i] is YamlTreeMapping mapping)
            {
                result.Add(read(mapping, i + 1));
            }
            else
            {
                _diagnostics.Error(sequence.Items[i], $"item {i + 1} of '{key}' must be a mapping of keys to values, not {YamlFields.Describe(sequence.Items[i])}");
            }
        }

        return result;
    }

    private ParsedCircuit ReadCircuit(YamlTreeMapping item, int position)
    {
        var fields = new YamlFields(item, $"circuit #{position}", CircuitKeys, _diagnostics);
        var id = IdOf(fields, "id", "circuit");
        var limitA = fields.Number("limitA", required: false);
        var limitW = fields.Number("limitW", required: false);
        RequireALimit(fields, limitA, limitW);
        return new ParsedCircuit
        {
            Item = item,
            Id = id,
            IdNode = fields.Node("id"),
            ParentId = fields.Text("parent", required: false),
            ParentNode = fields.Node("parent"),
            LimitA = limitA,
            LimitW = limitW,
        };
    }

    private ParsedChargePoint ReadChargePoint(YamlTreeMapping item, int position)
    {
        var fields = new YamlFields(item, $"charge point #{position}", ChargePointKeys, _diagnostics);
        var id = IdOf(fields, "chargePointId", "charge point");
        var circuit = fields.Text("circuit", required: true);
        var hash = fields.Text("authorizationKeyHash", required: false);
        if (hash is not null && !AuthorizationKeyHash.IsWellFormed(hash, out var problem))
        {
            _diagnostics.Error(fields.Node("authorizationKeyHash")!, $"'authorizationKeyHash' of {fields.Owner} is not a valid hash: {problem}");
            hash = null;
        }

        var unit = fields.Enum<ChargingRateUnit>("chargingRateUnit", required: true);
        var upstream = fields.Boolean("upstream", required: false) ?? true;
        var connectors = new List<ParsedConnector>();
        var connectorsValid = false;
        if (fields.Sequence("connectors", required: true) is { } sequence)
        {
            connectorsValid = true;
            if (sequence.Items.Count == 0)
            {
                _diagnostics.Error(sequence, $"{fields.Owner} must have at least one connector");
                connectorsValid = false;
            }

            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (sequence.Items[i] is YamlTreeMapping mapping)
                {
                    connectors.Add(ReadConnector(mapping, i + 1, fields.Owner));
                }
                else
                {
                    _diagnostics.Error(sequence.Items[i], $"connector #{i + 1} of {fields.Owner} must be a mapping of keys to values, not {YamlFields.Describe(sequence.Items[i])}");
                    connectorsValid = false;
                }
            }
        }

        if (hash is null && !fields.Has("authorizationKeyHash") && id is not null)
        {
            _diagnostics.Warning(fields.Node("chargePointId")!, $"charge point '{id}' has no 'authorizationKeyHash': it can connect without HTTP Basic authentication");
        }

        return new ParsedChargePoint
        {
            Item = item,
            Id = id,
            IdNode = fields.Node("chargePointId"),
            CircuitId = circuit,
            CircuitNode = fields.Node("circuit"),
            AuthorizationKeyHash = hash,
            ChargingRateUnit = unit,
            Connectors = connectors,
            ConnectorsValid = connectorsValid,
            Upstream = upstream,
        };
    }

    private ParsedConnector ReadConnector(YamlTreeMapping item, int position, string chargePoint)
    {
        var fields = new YamlFields(item, $"connector #{position} of {chargePoint}", ConnectorKeys, _diagnostics);
        var connectorId = fields.Integer("connectorId", required: true, min: 1, max: 99);
        if (connectorId is not null)
        {
            fields.Owner = $"connector {connectorId} of {chargePoint}";
        }

        fields.ReportUnknownKeys();
        var evseId = fields.Text("evseId", required: true);
        var type = fields.Enum<ConnectionType>("connectionType", required: true);
        var rated = fields.Watts("ratedPowerW", required: true);
        var phases = fields.Integer("phases", required: true, min: 1, max: 3);
        if (phases == 2)
        {
            _diagnostics.Error(fields.Node("phases")!, $"'phases' of {fields.Owner} must be 1 or 3, not 2");
            phases = null;
        }

        var phase = fields.Enum<PhaseConductor>("phase", required: false);
        if (phases == 1 && !fields.Has("phase"))
        {
            _diagnostics.Error(item, $"{fields.Owner} is single-phase, so it needs 'phase' (L1, L2 or L3)");
        }
        else if (phases == 3 && fields.Has("phase"))
        {
            _diagnostics.Error(fields.Node("phase")!, $"{fields.Owner} is three-phase, so it must not name a 'phase'");
        }

        // A charger that can switch a transaction from three phases to one, and the conductor it then uses (decision 0324).
        var switchesTo = fields.Enum<PhaseConductor>("switchesToOnePhase", required: false);
        if (phases == 1 && fields.Has("switchesToOnePhase"))
        {
            _diagnostics.Error(fields.Node("switchesToOnePhase")!, $"{fields.Owner} is single-phase, so it cannot switch to one phase ('switchesToOnePhase' is for three-phase connectors)");
            switchesTo = null;
        }

        var min = fields.Has("minCurrentA") ? fields.Number("minCurrentA", required: false) : DefaultMinCurrentA;
        if (min is < DefaultMinCurrentA)
        {
            _diagnostics.Error(fields.Node("minCurrentA")!, $"'minCurrentA' of {fields.Owner} must be at least 6 A (IEC 61851-1), not {min}");
            min = null;
        }

        double? max;
        YamlTreeNode? maxNode;
        if (fields.Has("maxCurrentA"))
        {
            max = fields.Number("maxCurrentA", required: false);
            maxNode = fields.Node("maxCurrentA");
        }
        else
        {
            // Absent: the current of the rated power at the nominal voltage, rounded to a whole ampere because
            // ratings are nominal (7.4 kW single-phase is a 32 A connector, 7400 / 230 = 32.17).
            max = rated is { } r && phases is { } n && _voltage is { } v
                ? Math.Max(1, Math.Round(r / (n * v), MidpointRounding.AwayFromZero))
                : null;
            maxNode = fields.Node("ratedPowerW");
        }

        return new ParsedConnector
        {
            Item = item,
            Owner = fields.Owner,
            ConnectorId = connectorId,
            ConnectorIdNode = fields.Node("connectorId"),
            EvseId = evseId,
            EvseIdNode = fields.Node("evseId"),
            ConnectionType = type,
            RatedPowerW = rated,
            RatedPowerNode = fields.Node("ratedPowerW"),
            Phases = phases,
            Phase = phases == 1 ? phase : null,
            MinCurrentA = min,
            SwitchesToOnePhase = phases == 3 ? switchesTo : null,
            MaxCurrentA = max,
            MaxCurrentNode = maxNode,
        };
    }

    private ParsedEquipment ReadPvInverter(YamlTreeMapping item, int position)
    {
        var fields = new YamlFields(item, $"PV inverter #{position}", PvKeys, _diagnostics);
        var id = IdOf(fields, "id", "PV inverter");
        var circuit = fields.Text("circuit", required: true);
        var rated = fields.Watts("ratedPowerW", required: true);
        var modbus = ReadModbus(fields);
        return Equipment(fields, "PV inverter", id, circuit, rated, null, null, null, modbus);
    }

    private ModbusEndpoint? ReadModbus(YamlFields fields)
    {
        if (fields.Mapping("modbus", required: true) is not { } modbusMapping)
        {
            return null;
        }

        var m = new YamlFields(modbusMapping, $"the modbus settings of {fields.Owner}", ModbusKeys, _diagnostics);
        m.ReportUnknownKeys();
        var host = m.Text("host", required: true);
        var port = m.Has("port") ? m.Integer("port", required: false, min: 1, max: 65535) : 502;
        // Modbus TCP carries the unit identifier in one byte (Modbus Messaging on TCP/IP v1.0b §3.1.3).
        var unitId = m.Has("unitId") ? m.Integer("unitId", required: false, min: 0, max: 255) : 1;
        return host is not null && port is not null && unitId is not null ? new ModbusEndpoint(host, port.Value, (byte)unitId.Value) : null;
    }

    private ParsedMeter ReadMeter(YamlTreeMapping item, int position)
    {
        var fields = new YamlFields(item, $"meter #{position}", MeterKeys, _diagnostics);
        var id = IdOf(fields, "id", "meter");
        var targets = new[] { "gridConnection", "circuit", "otherLoad" }.Where(fields.Has).ToList();
        MeterAttachment? attachment = null;
        string? targetId = null;
        if (targets.Count != 1)
        {
            _diagnostics.Error(targets.Count == 0 ? item : fields.Node(targets[1])!,
                $"{fields.Owner} must measure exactly one thing: 'gridConnection: true', 'circuit: <id>' (everything below it) or 'otherLoad: <id>'");
        }
        else if (targets[0] == "gridConnection")
        {
            if (fields.Boolean("gridConnection", required: true) is true)
            {
                attachment = MeterAttachment.GridConnection;
            }
            else
            {
                _diagnostics.Error(fields.Node("gridConnection")!, $"'gridConnection' of {fields.Owner} can only be true; name a 'circuit' or 'otherLoad' instead");
            }
        }
        else
        {
            attachment = targets[0] == "circuit" ? MeterAttachment.Circuit : MeterAttachment.OtherLoad;
            targetId = fields.Text(targets[0], required: true);
            attachment = targetId is null ? null : attachment;
        }

        var modbus = ReadModbus(fields);
        MeterRegisterMapDefinition? registers = null;
        var registersValid = true;
        if (fields.Has("registers"))
        {
            registers = ReadRegisterMap(fields);
            registersValid = registers is not null;
        }

        return new ParsedMeter
        {
            Item = item,
            Id = id,
            IdNode = fields.Node("id"),
            Attachment = attachment,
            TargetId = targetId,
            TargetNode = targets.Count == 1 ? fields.Node(targets[0]) : null,
            Modbus = modbus,
            Registers = registers,
            RegistersValid = registersValid,
        };
    }

    private MeterRegisterMapDefinition? ReadRegisterMap(YamlFields meter)
    {
        if (meter.Mapping("registers", required: true) is not { } mapping)
        {
            return null;
        }

        var fields = new YamlFields(mapping, $"the register map of {meter.Owner}", RegisterMapKeys, _diagnostics);
        fields.ReportUnknownKeys();
        var valid = true;
        var table = fields.Has("table") ? fields.Enum<MeterRegisterTable>("table", required: false) : MeterRegisterTable.Holding;
        valid &= table is not null;
        MeterPointDefinition? total = null;
        if (fields.Mapping("totalPowerW", required: false) is { } totalMapping)
        {
            total = ReadRegisterPoint(totalMapping, $"'totalPowerW' of {meter.Owner}");
            valid &= total is not null;
        }
        else
        {
            valid &= !fields.Has("totalPowerW");
        }

        var phases = new List<MeterPointDefinition>();
        if (fields.Sequence("phasePowerW", required: false) is { } sequence)
        {
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var point = sequence.Items[i] is YamlTreeMapping m ? ReadRegisterPoint(m, $"phase {i + 1} of 'phasePowerW' of {meter.Owner}") : null;
                if (sequence.Items[i] is not YamlTreeMapping)
                {
                    _diagnostics.Error(sequence.Items[i], $"phase {i + 1} of 'phasePowerW' of {meter.Owner} must be a mapping (address, type, ...)");
                }

                valid &= point is not null;
                if (point is not null)
                {
                    phases.Add(point);
                }
            }

            if (sequence.Items.Count is 0 or > 3)
            {
                _diagnostics.Error(sequence, $"'phasePowerW' of {meter.Owner} must list 1 to 3 phases (L1 first), not {sequence.Items.Count}");
                valid = false;
            }
        }
        else
        {
            valid &= !fields.Has("phasePowerW");
        }

        if (!fields.Has("totalPowerW") && !fields.Has("phasePowerW"))
        {
            _diagnostics.Error(mapping, $"the register map of {meter.Owner} needs 'totalPowerW', 'phasePowerW' or both");
            valid = false;
        }

        return valid ? new MeterRegisterMapDefinition(table!.Value, total, phases) : null;
    }

    private MeterPointDefinition? ReadRegisterPoint(YamlTreeMapping item, string owner)
    {
        var fields = new YamlFields(item, owner, RegisterPointKeys, _diagnostics);
        fields.ReportUnknownKeys();
        var address = fields.Integer("address", required: true, min: 0, max: 65535);
        var type = fields.Enum<MeterValueType>("type", required: true);
        var scale = fields.Has("scale") ? fields.Number("scale", required: false, positive: false) : 1;
        if (scale == 0)
        {
            _diagnostics.Error(fields.Node("scale")!, $"'scale' of {owner} must not be 0 (it multiplies the raw value to W)");
            scale = null;
        }

        var words = fields.Has("wordOrder") ? fields.Enum<MeterWordOrder>("wordOrder", required: false) : MeterWordOrder.HighFirst;
        var bytes = fields.Has("byteOrder") ? fields.Enum<MeterByteOrder>("byteOrder", required: false) : MeterByteOrder.HighFirst;
        if (address == 65535 && type is not (MeterValueType.Int16 or MeterValueType.UInt16 or null))
        {
            _diagnostics.Error(fields.Node("address")!, $"{owner} is {type}, two registers, so it cannot start at 65535");
            address = null;
        }

        return address is not null && type is not null && scale is not null && words is not null && bytes is not null
            ? new MeterPointDefinition(address.Value, type.Value, scale.Value, words.Value, bytes.Value)
            : null;
    }

    private ParsedEquipment ReadBattery(YamlTreeMapping item, int position)
    {
        var fields = new YamlFields(item, $"battery #{position}", BatteryKeys, _diagnostics);
        var id = IdOf(fields, "id", "battery");
        var circuit = fields.Text("circuit", required: true);
        var capacity = fields.Number("capacityWh", required: true);
        var usable = fields.Number("usableEnergyWh", required: true);
        if (capacity is not null && usable > capacity)
        {
            _diagnostics.Error(fields.Node("usableEnergyWh")!, $"'usableEnergyWh' of {fields.Owner} ({usable} Wh) is more than its capacity ({capacity} Wh)");
            usable = null;
        }

        var reserve = ReadReserve(fields, usable);
        var maxCharge = fields.Has("maxChargeW") ? fields.Watts("maxChargeW", required: false) : null;
        var maxDischarge = fields.Has("maxDischargeW") ? fields.Watts("maxDischargeW", required: false) : null;
        var fromGrid = fields.Has("chargeFromGrid") && fields.Boolean("chargeFromGrid", required: false) == true;
        var modbus = fields.Has("modbus") ? ReadModbus(fields) : null;
        return new ParsedEquipment
        {
            Item = fields.At,
            Kind = "battery",
            Id = id,
            IdNode = fields.Node("id"),
            CircuitId = circuit,
            CircuitNode = fields.Node("circuit"),
            CapacityWh = capacity,
            UsableEnergyWh = usable,
            Modbus = modbus,
            ReserveWh = reserve,
            MaxChargeW = maxCharge,
            MaxDischargeW = maxDischarge,
            ChargeFromGrid = fromGrid,
        };
    }

    /// <summary>The reserve in Wh: 'reserveWh' or 'reservePercent' of the usable energy (not both); 10 % by default.</summary>
    private double? ReadReserve(YamlFields fields, double? usable)
    {
        const double DefaultPercent = 10;
        if (fields.Has("reserveWh") && fields.Has("reservePercent"))
        {
            _diagnostics.Error(fields.Node("reservePercent")!, $"{fields.Owner} has both 'reserveWh' and 'reservePercent'; give one");
            return null;
        }

        if (fields.Has("reserveWh"))
        {
            var wh = fields.Number("reserveWh", required: false, positive: false);
            if (wh is < 0 || (wh is { } w && usable is { } u && w > u))
            {
                _diagnostics.Error(fields.Node("reserveWh")!, $"'reserveWh' of {fields.Owner} must be from 0 to its usable energy ({usable} Wh), not {wh}");
                return null;
            }

            return wh;
        }

        var percent = fields.Has("reservePercent") ? fields.Number("reservePercent", required: false, positive: false) : DefaultPercent;
        if (percent is not (>= 0 and <= 100))
        {
            if (percent is not null)
            {
                _diagnostics.Error(fields.Node("reservePercent")!, $"'reservePercent' of {fields.Owner} must be from 0 to 100, not {percent}");
            }

            return null;
        }

        return usable is { } energy ? Math.Ceiling(energy * percent.Value / 100) : null;
    }

    private ParsedEquipment ReadOtherLoad(YamlTreeMapping item, int position)
    {
        var fields = new YamlFields(item, $"other load #{position}", OtherLoadKeys, _diagnostics);
        var id = IdOf(fields, "id", "other load");
        var circuit = fields.Text("circuit", required: true);
        var hasReserved = fields.Has("reservedW");
        var hasMetered = fields.Has("meteredWorstCaseW");
        long? power = null;
        OtherLoadKind? kind = null;
        if (hasReserved == hasMetered)
        {
            _diagnostics.Error(hasReserved ? fields.Node("meteredWorstCaseW")! : item,
                $"{fields.Owner} must have exactly one of 'reservedW' (a fixed reservation) or 'meteredWorstCaseW' (a metered load)");
        }
        else
        {
            kind = hasReserved ? OtherLoadKind.Reserved : OtherLoadKind.Metered;
            power = fields.Watts(hasReserved ? "reservedW" : "meteredWorstCaseW", required: true);
        }

        var phases = ReadLoadPhases(fields, item);
        var load = Equipment(fields, "other load", id, circuit, power, null, null, kind, null);
        return new ParsedEquipment
        {
            Item = load.Item,
            Kind = load.Kind,
            Id = load.Id,
            IdNode = load.IdNode,
            CircuitId = load.CircuitId,
            CircuitNode = load.CircuitNode,
            PowerW = load.PowerW,
            LoadKind = load.LoadKind,
            Phases = phases,
        };
    }

    /// <summary>'phases: 3' (the default) or 'phases: 1' with 'phase: L1|L2|L3', as for connectors.</summary>
    private IReadOnlyList<PhaseConductor>? ReadLoadPhases(YamlFields fields, YamlTreeMapping item)
    {
        var phases = fields.Has("phases") ? fields.Integer("phases", required: false, min: 1, max: 3) : 3;
        if (phases == 2)
        {
            _diagnostics.Error(fields.Node("phases")!, $"'phases' of {fields.Owner} must be 1 or 3, not 2");
            return null;
        }

        var phase = fields.Enum<PhaseConductor>("phase", required: false);
        if (phases == 1 && !fields.Has("phase"))
        {
            _diagnostics.Error(item, $"{fields.Owner} is single-phase, so it needs 'phase' (L1, L2 or L3)");
            return null;
        }

        if (phases == 3 && fields.Has("phase"))
        {
            _diagnostics.Error(fields.Node("phase")!, $"{fields.Owner} is three-phase, so it must not name a 'phase'");
            return null;
        }

        return phases switch
        {
            3 => [PhaseConductor.L1, PhaseConductor.L2, PhaseConductor.L3],
            1 when phase is { } p => [p],
            _ => null,
        };
    }

    private static ParsedEquipment Equipment(YamlFields fields, string kind, string? id, string? circuit, long? powerW,
        double? capacityWh, double? usable, OtherLoadKind? loadKind, ModbusEndpoint? modbus) => new()
        {
            Item = fields.At,
            Kind = kind,
            Id = id,
            IdNode = fields.Node("id"),
            CircuitId = circuit,
            CircuitNode = fields.Node("circuit"),
            PowerW = powerW,
            CapacityWh = capacityWh,
            UsableEnergyWh = usable,
            LoadKind = loadKind,
            Modbus = modbus,
        };

    /// <summary>Reads the id first, so that every later error names the item by it.</summary>
    private static string? IdOf(YamlFields fields, string key, string kind)
    {
        var id = fields.Text(key, required: true);
        if (id is not null)
        {
            fields.Owner = $"{kind} '{id}'";
        }

        fields.ReportUnknownKeys();

        return id;
    }

    private bool RequireALimit(YamlFields fields, double? limitA, double? limitW)
    {
        if (!fields.Has("limitA") && !fields.Has("limitW"))
        {
            _diagnostics.Error(fields.At, $"{fields.Owner} needs a limit: 'limitA' (per phase), 'limitW' (total) or both");
            return false;
        }

        return limitA is not null || limitW is not null;
    }
}
