using System.Text.Json;

namespace OliMove.Scheduling.Batteries;

/// <summary>
/// The canonical form of a snapshot's batteries and a plan's battery power (decision 0310): arrays named
/// "batteries", written after everything else and only when the group has a battery, ordered by battery id,
/// integers only, so a group without a battery keeps the bytes (and hashes) it always had.
/// </summary>
internal static class BatteryJson
{
    public static void WriteSnapshots(Utf8JsonWriter w, IReadOnlyList<BatterySnapshot> batteries)
    {
        w.WriteStartArray("batteries");
        foreach (var b in batteries.OrderBy(b => b.BatteryId, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("batteryId", b.BatteryId);
            w.WriteString("circuitId", b.CircuitId);
            w.WriteNumber("storedWh", b.StoredWh);
            w.WriteNumber("reserveWh", b.ReserveWh);
            w.WriteNumber("capacityWh", b.CapacityWh);
            w.WriteNumber("maxChargeW", b.MaxChargeW);
            w.WriteNumber("maxDischargeW", b.MaxDischargeW);
            w.WriteBoolean("mayChargeFromGrid", b.MayChargeFromGrid);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WritePlans(Utf8JsonWriter w, IReadOnlyList<BatteryPlan> batteries)
    {
        w.WriteStartArray("batteries");
        foreach (var b in batteries.OrderBy(b => b.BatteryId, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("batteryId", b.BatteryId);
            w.WriteNumber("setpointW", b.SetpointW);
            CanonicalJson.Series(w, "powerW", b.PowerW);
            CanonicalJson.Series(w, "storedWh", b.StoredWh);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
