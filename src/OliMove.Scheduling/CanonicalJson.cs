using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace OliMove.Scheduling;

/// <summary>
/// The one canonical serialisation of allocator inputs and outputs, so that a slot's commitment (a SHA-256 of each)
/// can be put on chain and replayed anywhere. Rules: UTF-8, no whitespace, properties in the fixed order written
/// here (camelCase), circuits and sessions sorted by ordinal id, integers only (W, Wh, seconds), times in UTC as
/// yyyy-MM-ddTHH:mm:ss[.fffffff]Z with trailing zeros of the fraction dropped, absent optionals as null, and
/// non-ASCII escaped as \uXXXX (System.Text.Json's default encoder). Nothing depends on culture or machine.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = false };

    public static string Snapshot(GroupSnapshot snapshot) => System.Text.Encoding.UTF8.GetString(SnapshotBytes(snapshot));

    public static byte[] SnapshotBytes(GroupSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("groupId", snapshot.GroupId);
            w.WriteString("slotStart", Time(snapshot.SlotStart));
            w.WriteNumber("slotSeconds", snapshot.SlotSeconds);
            w.WriteNumber("horizonSlots", snapshot.HorizonSlots);
            w.WriteStartArray("circuits");
            foreach (var c in snapshot.Circuits.OrderBy(c => c.CircuitId, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("circuitId", c.CircuitId);
                if (c.ParentId is null)
                    w.WriteNull("parentId");
                else
                    w.WriteString("parentId", c.ParentId);
                Series(w, "guaranteedW", c.GuaranteedW);
                Series(w, "surplusW", c.SurplusW);
                Phases(w, "phaseGuaranteedW", c.PhaseGuaranteedW);
                Phases(w, "phaseSurplusW", c.PhaseSurplusW);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("sessions");
            foreach (var s in snapshot.Sessions.OrderBy(s => s.SessionId, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("sessionId", s.SessionId);
                w.WriteString("connectorId", s.ConnectorId);
                w.WriteString("circuitId", s.CircuitId);
                w.WriteNumber("phases", s.Phases);
                w.WriteNumber("phase", s.Phase);
                w.WriteNumber("connectorMinW", s.ConnectorMinW);
                w.WriteNumber("connectorMaxW", s.ConnectorMaxW);
                w.WriteNumber("vehicleMinW", s.VehicleMinW);
                w.WriteNumber("vehicleMaxW", s.VehicleMaxW);
                w.WriteString("arrival", Time(s.Arrival));
                if (s.DeclaredDeparture is { } d)
                    w.WriteString("declaredDeparture", Time(d));
                else
                    w.WriteNull("declaredDeparture");
                if (s.EnergyRequestedWh is { } e)
                    w.WriteNumber("energyRequestedWh", e);
                else
                    w.WriteNull("energyRequestedWh");
                w.WriteNumber("energyDeliveredWh", s.EnergyDeliveredWh);
                w.WriteBoolean("optedIn", s.OptedIn);
                w.WriteBoolean("accepted", s.Accepted);
                // Only for a charger that switches phases, so every other snapshot keeps the bytes (and hash) it had.
                if (s.SwitchesToPhase != 0)
                {
                    w.WriteNumber("switchesToPhase", s.SwitchesToPhase);
                    w.WriteBoolean("switchedToOnePhase", s.SwitchedToOnePhase);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            // Written only when present, so a snapshot without signals keeps the bytes (and hash) it always had.
            if (snapshot.Signals is { } signals)
                EnergySignalsJson.Write(w, signals);
            // Likewise batteries (decision 0310): a group without one keeps its bytes and hash.
            if (snapshot.Batteries is { Count: > 0 } batteries)
                Batteries.BatteryJson.WriteSnapshots(w, batteries);
            w.WriteEndObject();
        });
    }

    public static string Plan(GroupPlan plan) => System.Text.Encoding.UTF8.GetString(PlanBytes(plan));

    public static byte[] PlanBytes(GroupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("groupId", plan.GroupId);
            w.WriteString("slotStart", Time(plan.SlotStart));
            w.WriteNumber("slotSeconds", plan.SlotSeconds);
            w.WriteNumber("horizonSlots", plan.HorizonSlots);
            w.WriteStartArray("sessions");
            foreach (var s in plan.Sessions.OrderBy(s => s.SessionId, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("sessionId", s.SessionId);
                w.WriteString("connectorId", s.ConnectorId);
                w.WriteNumber("setpointW", s.SetpointW);
                Series(w, "powerW", s.PowerW);
                if (s.NeedWh is { } need)
                    w.WriteNumber("needWh", need);
                else
                    w.WriteNull("needWh");
                w.WriteNumber("plannedWh", s.PlannedWh);
                w.WriteString("status", StatusName(s.Status));
                if (s.Phases is { } phases)
                    w.WriteNumber("phases", phases);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("circuits");
            foreach (var c in plan.Circuits.OrderBy(c => c.CircuitId, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("circuitId", c.CircuitId);
                Series(w, "loadW", c.LoadW);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (plan.Batteries is { Count: > 0 } batteries)
                Batteries.BatteryJson.WritePlans(w, batteries);
            w.WriteEndObject();
        });
    }

    /// <summary>Lower-case hex SHA-256 of the canonical snapshot.</summary>
    public static string SnapshotHash(GroupSnapshot snapshot) => Sha256Hex(SnapshotBytes(snapshot));

    /// <summary>Lower-case hex SHA-256 of the canonical plan.</summary>
    public static string PlanHash(GroupPlan plan) => Sha256Hex(PlanBytes(plan));

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The canonical time form: UTC, whole seconds without a fraction, otherwise up to 7 digits, no trailing zeros.</summary>
    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string StatusName(SessionStatus status) => status switch
    {
        SessionStatus.OnTrack => "onTrack",
        SessionStatus.LimitedByVehicle => "limitedByVehicle",
        SessionStatus.NotGuaranteed => "notGuaranteed",
        SessionStatus.BestEffortShort => "bestEffortShort",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    internal static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
            body(w);
        return buffer.WrittenSpan.ToArray();
    }

    internal static void Series(Utf8JsonWriter w, string name, IReadOnlyList<long> values)
    {
        w.WriteStartArray(name);
        foreach (long v in values)
            w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static void Phases(Utf8JsonWriter w, string name, PhaseSeries? phases)
    {
        if (phases is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        Series(w, "l1", phases.L1);
        Series(w, "l2", phases.L2);
        Series(w, "l3", phases.L3);
        w.WriteEndObject();
    }
}
