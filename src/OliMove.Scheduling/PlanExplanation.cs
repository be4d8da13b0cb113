using System.Globalization;
using System.Text;

namespace OliMove.Scheduling;

/// <summary>
/// A readable table of a plan for <c>olimove-edge plan --input snapshot.json --explain</c>: one row per session
/// (who, where, what was asked, what the plan gives, its status, its power per slot in kW) and one per circuit
/// (load against limit per slot). At most <see cref="MaxSlots"/> slots are shown.
/// </summary>
public static class PlanExplanation
{
    public const int MaxSlots = 16;

    public static string Render(GroupSnapshot snapshot, GroupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(plan);
        var ci = CultureInfo.InvariantCulture;
        int shown = Math.Min(plan.HorizonSlots, MaxSlots);
        var sb = new StringBuilder();
        sb.Append(ci, $"Group {plan.GroupId}: slot {CanonicalJson.Time(plan.SlotStart)}, {plan.SlotSeconds / 60} min slots, horizon {plan.HorizonSlots} slots");
        sb.Append(ci, $" ({plan.Sessions.Count} sessions, {plan.Circuits.Count} circuits)\n");
        sb.Append(ci, $"Algorithm {AlgorithmVersion.Id}; snapshot sha256 {CanonicalJson.SnapshotHash(snapshot)}; plan sha256 {CanonicalJson.PlanHash(plan)}\n\n");

        var byId = snapshot.Sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        var slotHeader = string.Concat(Enumerable.Range(0, shown).Select(t => $"{"t" + t,6}"));
        sb.Append(ci, $"{"session",-14}{"circuit",-10}{"ph",3} {"mode",-9}{"need kWh",9}{"plan kWh",9} {"departs",-17}{"now kW",7}  {"status",-17}|{slotHeader}\n");
        foreach (var p in plan.Sessions)
        {
            var s = byId[p.SessionId];
            string mode = s.Accepted ? "accepted" : s.OptedIn ? "opted-in" : "asap";
            string need = p.NeedWh is { } n ? (n / 1000m).ToString("0.00", ci) : "-";
            string departs = s.DeclaredDeparture is { } d ? d.UtcDateTime.ToString("MM-dd HH:mm'Z'", ci) : "-";
            string phase = s.Phases == 3 ? "3" : "L" + s.Phase;
            sb.Append(ci, $"{Cut(p.SessionId, 13),-14}{Cut(s.CircuitId, 9),-10}{phase,3} {mode,-9}{need,9}{(p.PlannedWh / 1000m).ToString("0.00", ci),9} {departs,-17}{Kw(p.SetpointW),7}  {CanonicalJson.StatusName(p.Status),-17}|");
            for (int t = 0; t < shown; t++)
                sb.Append(ci, $"{Kw(p.PowerW[t]),6}");
            sb.Append('\n');
        }

        sb.Append('\n');
        sb.Append(ci, $"{"circuit",-14}{"",-60}|{slotHeader}\n");
        var circuits = snapshot.Circuits.ToDictionary(c => c.CircuitId, StringComparer.Ordinal);
        foreach (var c in plan.Circuits)
        {
            var limit = circuits[c.CircuitId];
            sb.Append(ci, $"{Cut(c.CircuitId, 13),-14}{"load kW",-60}|");
            for (int t = 0; t < shown; t++)
                sb.Append(ci, $"{Kw(c.LoadW[t]),6}");
            sb.Append('\n');
            sb.Append(ci, $"{"",-14}{"limit kW (guaranteed + PV surplus)",-60}|");
            for (int t = 0; t < shown; t++)
                sb.Append(ci, $"{Kw(limit.GuaranteedW[t] + limit.SurplusW[t]),6}");
            sb.Append('\n');
        }
        if (plan.HorizonSlots > shown)
            sb.Append(ci, $"\n({plan.HorizonSlots - shown} more slots not shown; the JSON plan has them all)\n");
        return sb.ToString();
    }

    private static string Kw(long watts) => (watts / 1000m).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
