using System.CommandLine;
using OliMove.Storage;

namespace OliMove.Edge.Cli;

/// <summary>
/// <c>olimove-edge chain requeue --db FILE (--id N | --all-parked)</c>: puts chain writes the outbox parked (a
/// permanent error or a conflict, decision 0230) back in the queue, in their original place, once the operator has
/// fixed the cause. The running service's writer picks them up on its next pass.
/// </summary>
public static class ChainRequeueCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The service's SQLite file.", Required = true };
        var id = new Option<long?>("--id") { Description = "The parked item's id (run without --id or --all-parked to list the parked items)." };
        var all = new Option<bool>("--all-parked") { Description = "Every parked item, oldest first." };
        var requeue = new Command("requeue", "Put parked chain writes back in the outbox queue, in their original order (oldest first). Exit code 0 when something was requeued, 1 when nothing was parked, 2 on bad arguments.")
        {
            db, id, all,
        };
        requeue.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(db)!;
            var itemId = parse.GetValue(id);
            var everything = parse.GetValue(all);
            if (itemId is not null && everything)
            {
                await error.WriteLineAsync("error: give either --id N or --all-parked, not both");
                return 2;
            }

            if (!File.Exists(path))
            {
                // Opening would create an empty database: a mistyped path must change nothing.
                await error.WriteLineAsync($"error: {path}: no such database");
                return 2;
            }

            await using var database = await EdgeDatabase.OpenAsync(path, ct);
            var outbox = new ChainOutboxRepository(database);
            if (itemId is null && !everything)
            {
                var parked = await outbox.ListParkedAsync(1000, ct);
                await error.WriteLineAsync($"error: give --id N or --all-parked; {parked.Count} item(s) parked{(parked.Count == 0 ? "" : ":")}");
                foreach (var p in parked)
                {
                    await error.WriteLineAsync($"  {p.Id}  {p.Key}  {p.LastError}");
                }

                return 2;
            }

            if (itemId is { } single)
            {
                if (await outbox.RequeueAsync(single, ct) is not var (item, requeued))
                {
                    await error.WriteLineAsync($"error: chain outbox item {single} does not exist");
                    return 2;
                }

                if (!requeued)
                {
                    await error.WriteLineAsync($"chain outbox item {single} ({item.Key}) is {item.State.ToString().ToLowerInvariant()}, not parked: nothing requeued");
                    return 1;
                }

                await output.WriteLineAsync($"Requeued chain outbox item {single} ({item.Key}); its last error was: {item.LastError}");
                return 0;
            }

            var ids = await outbox.RequeueAllParkedAsync(ct);
            await output.WriteLineAsync(ids.Count == 0 ? "No parked chain outbox item: nothing requeued." : $"Requeued {ids.Count} parked chain outbox item(s), oldest first: {string.Join(", ", ids)}");
            return ids.Count == 0 ? 1 : 0;
        });
        return requeue;
    }
}
