using System.CommandLine;
using System.Text;
using OliMove.Edge.Verification;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Cli;

/// <summary>
/// <c>olimove-edge plan</c>: runs the allocator on a snapshot file and prints the plan in canonical JSON (or, with
/// --explain, as a table). With --db/--group/--at it replays an archived plan instead and says whether the
/// replay equals what was archived.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "A group snapshot in canonical JSON (e.g. a verify export's *.input.json)." };
        var explain = new Option<bool>("--explain") { Description = "Print a readable table instead of the canonical JSON." };
        var db = new Option<string?>("--db") { Description = "Replay from this slot archive (the service's SQLite file) instead of --input." };
        var group = new Option<string?>("--group") { Description = "With --db: the charging group." };
        var at = new Option<string?>("--at") { Description = "With --db: the plan start (ISO 8601, UTC): a quarter hour, or an event re-plan's second." };
        var revision = new Option<int?>("--revision") { Description = "With --db: the revision within that plan start (default: the latest)." };
        var plan = new Command("plan", "Run the allocator on a snapshot (--input) or replay an archived plan (--db --group --at) and print the plan as canonical JSON.")
        {
            input, explain, db, group, at, revision,
        };
        plan.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var inputPath = parse.GetValue(input);
            var dbPath = parse.GetValue(db);
            if ((inputPath is null) == (dbPath is null))
            {
                await error.WriteLineAsync("error: give either --input FILE or --db FILE --group G --at ISO");
                return 2;
            }

            string inputJson;
            SlotPlanRecord? archived = null;
            if (inputPath is not null)
            {
                if (!File.Exists(inputPath))
                {
                    await error.WriteLineAsync($"error: {inputPath}: no such file");
                    return 2;
                }

                inputJson = await File.ReadAllTextAsync(inputPath, Encoding.UTF8, ct);
            }
            else
            {
                var groupId = parse.GetValue(group);
                if (groupId is null || !ArchiveReader.TryParseInstant(parse.GetValue(at), out var planStart))
                {
                    await error.WriteLineAsync("error: --db needs --group G and --at ISO (an ISO 8601 instant)");
                    return 2;
                }

                try
                {
                    await using var database = await ArchiveReader.OpenAsync(dbPath!, ct);
                    archived = await database.PlanAsync(groupId, planStart, parse.GetValue(revision), ct);
                }
                catch (FileNotFoundException e)
                {
                    await error.WriteLineAsync($"error: {e.Message}");
                    return 2;
                }

                if (archived is null)
                {
                    await error.WriteLineAsync($"error: no archived plan for group {groupId} starting {planStart:O}");
                    return 1;
                }

                inputJson = archived.InputJson;
            }

            GroupSnapshot snapshot;
            try
            {
                snapshot = SnapshotJsonReader.Read(inputJson);
            }
            catch (Exception e) when (e is SnapshotFormatException or SnapshotValidationException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var result = OliMove.Scheduling.Batteries.BatteryAllocator.Plan(snapshot);
            var canonical = CanonicalJson.Plan(result);
            await output.WriteLineAsync(parse.GetValue(explain) ? PlanExplanation.Render(snapshot, result) : canonical);
            if (archived is null)
            {
                return 0;
            }

            // The replay is only worth something if it is compared: say so on stderr, keep stdout the plan.
            if (CanonicalJsonDifference.Describe(archived.OutputJson, canonical) is { } difference)
            {
                await error.WriteLineAsync($"MISMATCH: the replay differs from archived revision {archived.Revision}: {difference}");
                return 1;
            }

            await error.WriteLineAsync($"OK: the replay equals archived revision {archived.Revision} (output SHA-256 {CanonicalJson.Sha256Hex(Encoding.UTF8.GetBytes(canonical))}).");
            return 0;
        });
        return plan;
    }
}
