using System.Globalization;
using System.Text.Json;

namespace OliMove.Scheduling;

/// <summary>
/// Reads a snapshot from JSON in the canonical shape (<see cref="CanonicalJson.Snapshot"/>), for
/// <c>olimove-edge plan --input snapshot.json</c> and for replaying archived slots. Property order, whitespace and
/// array order are free; unknown properties, missing required ones, wrong types, non-integral numbers and times
/// without an offset are refused with the JSON path. The result is also checked against the model's rules, so a
/// snapshot that reads is one the allocator accepts.
/// </summary>
public static class SnapshotJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    public static GroupSnapshot Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException($"not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var snapshot = ReadGroup(doc.RootElement, "$");
            try
            {
                GroupModel.From(snapshot);
                if (snapshot.Batteries is { Count: > 0 } batteries)
                    Batteries.BatteryAllocator.GuaranteedSnapshot(snapshot with { Batteries = null }, batteries);
            }
            catch (SnapshotValidationException e)
            {
                throw new SnapshotFormatException($"invalid snapshot: {e.Message}", e);
            }
            return snapshot;
        }
    }

    private static GroupSnapshot ReadGroup(JsonElement e, string path)
    {
        var o = new ObjectReader(e, path, "groupId", "slotStart", "slotSeconds", "horizonSlots", "circuits", "sessions", "signals", "batteries");
        return new GroupSnapshot(
            o.String("groupId"),
            o.Time("slotStart"),
            o.Int("slotSeconds"),
            o.Int("horizonSlots"),
            o.Array("circuits", ReadCircuit),
            o.Array("sessions", ReadSession),
            o.Optional("signals", ReadSignals),
            o.Optional("batteries", ReadBatteries));
    }

    private static Batteries.BatterySnapshot[] ReadBatteries(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new SnapshotFormatException($"{path}: expected an array, got {e.ValueKind.ToString().ToLowerInvariant()}");
        var result = new List<Batteries.BatterySnapshot>();
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var o = new ObjectReader(item, $"{path}[{i++}]", "batteryId", "circuitId", "storedWh", "reserveWh", "capacityWh", "maxChargeW", "maxDischargeW", "mayChargeFromGrid");
            result.Add(new Batteries.BatterySnapshot(
                o.String("batteryId"),
                o.String("circuitId"),
                o.Long("storedWh"),
                o.Long("reserveWh"),
                o.Long("capacityWh"),
                o.Long("maxChargeW"),
                o.Long("maxDischargeW"),
                o.Bool("mayChargeFromGrid")));
        }
        return [.. result];
    }

    private static EnergySignals ReadSignals(JsonElement e, string path)
    {
        var o = new ObjectReader(e, path, "objective", "importPriceMicrosPerKWh", "feedInPriceMicrosPerKWh", "co2GramsPerKWh", "demandChargeMicrosPerKW", "peakSoFarW", "expectedPeakW");
        string objective = o.String("objective");
        return new EnergySignals(
            EnergySignalsJson.ObjectiveOf(objective) ?? throw new SnapshotFormatException($"{path}.objective: expected \"cost\" or \"co2\", got \"{objective}\""),
            o.OptionalLongs("importPriceMicrosPerKWh"),
            o.OptionalLongs("feedInPriceMicrosPerKWh"),
            o.OptionalLongs("co2GramsPerKWh"),
            o.Long("demandChargeMicrosPerKW"),
            o.Long("peakSoFarW"),
            o.OptionalLong("expectedPeakW") ?? 0);
    }

    private static CircuitSnapshot ReadCircuit(JsonElement e, string path)
    {
        var o = new ObjectReader(e, path, "circuitId", "parentId", "guaranteedW", "surplusW", "phaseGuaranteedW", "phaseSurplusW");
        return new CircuitSnapshot(
            o.String("circuitId"),
            o.OptionalString("parentId"),
            o.Longs("guaranteedW"),
            o.Longs("surplusW"),
            o.Optional("phaseGuaranteedW", ReadPhases),
            o.Optional("phaseSurplusW", ReadPhases));
    }

    private static PhaseSeries ReadPhases(JsonElement e, string path)
    {
        var o = new ObjectReader(e, path, "l1", "l2", "l3");
        return new PhaseSeries(o.Longs("l1"), o.Longs("l2"), o.Longs("l3"));
    }

    private static SessionSnapshot ReadSession(JsonElement e, string path)
    {
        var o = new ObjectReader(e, path, "sessionId", "connectorId", "circuitId", "phases", "phase", "connectorMinW", "connectorMaxW",
            "vehicleMinW", "vehicleMaxW", "arrival", "declaredDeparture", "energyRequestedWh", "energyDeliveredWh", "optedIn", "accepted",
            "switchesToPhase", "switchedToOnePhase");
        return new SessionSnapshot(
            o.String("sessionId"),
            o.String("connectorId"),
            o.String("circuitId"),
            o.Int("phases"),
            o.Int("phase"),
            o.Long("connectorMinW"),
            o.Long("connectorMaxW"),
            o.Long("vehicleMinW"),
            o.Long("vehicleMaxW"),
            o.Time("arrival"),
            o.OptionalTime("declaredDeparture"),
            o.OptionalLong("energyRequestedWh"),
            o.Long("energyDeliveredWh"),
            o.Bool("optedIn"),
            o.Bool("accepted"),
            o.OptionalInt("switchesToPhase") ?? 0,
            o.OptionalBool("switchedToOnePhase") ?? false);
    }

    /// <summary>One JSON object with a closed set of property names; every accessor reports the JSON path on error.</summary>
    private sealed class ObjectReader
    {
        private readonly JsonElement _e;
        private readonly string _path;

        public ObjectReader(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
                throw Error(path, "an object", e);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (System.Array.IndexOf(allowed, p.Name) < 0)
                    throw new SnapshotFormatException($"{path}.{p.Name}: unknown property (expected one of: {string.Join(", ", allowed)})");
                if (!seen.Add(p.Name))
                    throw new SnapshotFormatException($"{path}.{p.Name}: appears twice");
            }
            _e = e;
            _path = path;
        }

        private JsonElement Required(string name) =>
            _e.TryGetProperty(name, out var v) ? v : throw new SnapshotFormatException($"{_path}.{name}: required property is missing");

        private bool IsAbsent(string name, out JsonElement v) =>
            !_e.TryGetProperty(name, out v) || v.ValueKind == JsonValueKind.Null;

        public string String(string name)
        {
            var v = Required(name);
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error($"{_path}.{name}", "a string", v);
        }

        public string? OptionalString(string name) => IsAbsent(name, out _) ? null : String(name);

        public long Long(string name) => LongOf(Required(name), $"{_path}.{name}");

        public long? OptionalLong(string name) => IsAbsent(name, out _) ? null : Long(name);

        public int Int(string name)
        {
            long v = Long(name);
            return v is >= int.MinValue and <= int.MaxValue ? (int)v : throw new SnapshotFormatException($"{_path}.{name}: {v} is out of range");
        }

        public bool Bool(string name)
        {
            var v = Required(name);
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error($"{_path}.{name}", "true or false", v),
            };
        }

        public bool? OptionalBool(string name) => IsAbsent(name, out _) ? null : Bool(name);

        public int? OptionalInt(string name) => IsAbsent(name, out _) ? null : Int(name);

        public DateTimeOffset Time(string name) => TimeOf(Required(name), $"{_path}.{name}");

        public DateTimeOffset? OptionalTime(string name) => IsAbsent(name, out _) ? null : Time(name);

        public long[] Longs(string name)
        {
            var v = Required(name);
            if (v.ValueKind != JsonValueKind.Array)
                throw Error($"{_path}.{name}", "an array of integers", v);
            var result = new long[v.GetArrayLength()];
            int i = 0;
            foreach (var item in v.EnumerateArray())
            {
                result[i] = LongOf(item, $"{_path}.{name}[{i}]");
                i++;
            }
            return result;
        }

        public long[]? OptionalLongs(string name) => IsAbsent(name, out _) ? null : Longs(name);

        public T[] Array<T>(string name, Func<JsonElement, string, T> read)
        {
            var v = Required(name);
            if (v.ValueKind != JsonValueKind.Array)
                throw Error($"{_path}.{name}", "an array", v);
            var result = new T[v.GetArrayLength()];
            int i = 0;
            foreach (var item in v.EnumerateArray())
            {
                result[i] = read(item, $"{_path}.{name}[{i}]");
                i++;
            }
            return result;
        }

        public T? Optional<T>(string name, Func<JsonElement, string, T> read) where T : class =>
            IsAbsent(name, out var v) ? null : read(v, $"{_path}.{name}");

        private static long LongOf(JsonElement v, string path)
        {
            if (v.ValueKind != JsonValueKind.Number)
                throw Error(path, "an integer", v);
            return v.TryGetInt64(out long x) ? x : throw new SnapshotFormatException($"{path}: expected an integer (W, Wh or seconds), got {v.GetRawText()}");
        }

        private static DateTimeOffset TimeOf(JsonElement v, string path)
        {
            if (v.ValueKind != JsonValueKind.String)
                throw Error(path, "an ISO 8601 time string", v);
            string s = v.GetString()!;
            // An offset (or Z) is required: a local time would plan differently on another machine.
            bool hasOffset = s.EndsWith('Z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':');
            if (!hasOffset || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                throw new SnapshotFormatException($"{path}: expected an ISO 8601 time with an offset (e.g. 2026-03-02T08:00:00Z), got \"{s}\"");
            return t.ToUniversalTime();
        }

        private static SnapshotFormatException Error(string path, string expected, JsonElement got) =>
            new($"{path}: expected {expected}, got {got.ValueKind.ToString().ToLowerInvariant()}");
    }
}
