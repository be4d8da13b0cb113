namespace OliMove.Scheduling;

/// <summary>
/// The body of <c>olimove-edge plan --input snapshot.json [--explain]</c>, so the host's verb only reads the file and
/// prints: snapshot JSON in, the canonical plan JSON (or the readable table) out. The same call replays an archived
/// slot: its output hashes to the committed plan hash when the snapshot and <see cref="AlgorithmVersion"/> match.
/// Bad input throws <see cref="SnapshotFormatException"/> with the JSON path; nothing else is touched.
/// </summary>
public static class PlanCommand
{
    public static string Run(string snapshotJson, bool explain)
    {
        var snapshot = SnapshotJsonReader.Read(snapshotJson);
        var plan = SlotAllocator.Plan(snapshot);
        return explain ? PlanExplanation.Render(snapshot, plan) : CanonicalJson.Plan(plan);
    }
}
