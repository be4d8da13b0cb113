using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>Reads the daily archive files <see cref="SlotArchiveFileWriter"/> writes (for <c>verify --archives</c> and the retention).</summary>
public static class SlotArchiveFileReader
{
    /// <summary>
    /// The plans of the slots starting in [<paramref name="from"/>, <paramref name="to"/>) in every archive file of
    /// <paramref name="directory"/> whose day overlaps that range, read a day at a time; <paramref name="keep"/> may
    /// narrow each day's plans (e.g. to the slots of one session) before the next day is read.
    /// </summary>
    public static async Task<IReadOnlyList<SlotPlanRecord>> ReadRangeAsync(
        string directory, DateTimeOffset from, DateTimeOffset to,
        Func<IReadOnlyList<SlotPlanRecord>, IReadOnlyList<SlotPlanRecord>>? keep, CancellationToken ct)
    {
        var first = SlotClock.StartOf(from);
        var plans = new List<SlotPlanRecord>();
        foreach (var day in SlotArchiveFiles.List(directory).Where(f => f.Day < to && f.Day.AddDays(1) > first).GroupBy(f => f.Day))
        {
            var ofDay = new List<SlotPlanRecord>();
            foreach (var (_, path) in day)
            {
                ofDay.AddRange(await ReadAsync(path, slotStart => slotStart >= first && slotStart < to, ct));
            }

            plans.AddRange(keep is null ? ofDay : keep(ofDay));
        }

        return plans;
    }

    /// <summary>
    /// The plans of one file whose slot start satisfies <paramref name="wanted"/>, with their JSON exactly as archived.
    /// Id is 0 and CreatedAt the plan start (an archive does not keep either). A plan the index lists without its
    /// files makes the file unreadable (InvalidDataException), as does a broken gzip or tar stream.
    /// </summary>
    public static async Task<IReadOnlyList<SlotPlanRecord>> ReadAsync(string path, Func<DateTimeOffset, bool> wanted, CancellationToken ct)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var index = await ReadEntriesAsync(path, name => SlotStartOfEntry(name) is { } start && wanted(start), (name, bytes) => files[name] = bytes, ct);
        var plans = new List<SlotPlanRecord>();
        foreach (var plan in index.Where(p => wanted(SlotClock.StartOf(p.Key.PlanStart))))
        {
            if (!files.TryGetValue(plan.InputFile, out var input) || !files.TryGetValue(plan.OutputFile, out var output))
            {
                throw new InvalidDataException($"{path}: index.json lists {plan.InputFile} and {plan.OutputFile}, the archive lacks one of them");
            }

            plans.Add(new SlotPlanRecord(0, plan.Key.GroupId, plan.Key.PlanStart, plan.Key.Revision, plan.AlgorithmVersion,
                Encoding.UTF8.GetString(input), Encoding.UTF8.GetString(output), plan.InputSha256, plan.OutputSha256, plan.Key.PlanStart));
        }

        return plans;
    }

    /// <summary>
    /// For each plan of one file, the SHA-256 of the input and output bytes the file really holds (not the hashes
    /// its index records), computed while streaming: what the retention compares with SQLite before deleting.
    /// </summary>
    public static async Task<IReadOnlyDictionary<ArchivedPlanKey, (string InputSha256, string OutputSha256)>> HashAsync(string path, CancellationToken ct)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = await ReadEntriesAsync(path, _ => true, (name, bytes) => hashes[name] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ct);
        var plans = new Dictionary<ArchivedPlanKey, (string, string)>();
        foreach (var plan in index)
        {
            if (hashes.TryGetValue(plan.InputFile, out var input) && hashes.TryGetValue(plan.OutputFile, out var output))
            {
                plans[plan.Key] = (input, output);
            }
        }

        return plans;
    }

    private static async Task<IReadOnlyList<IndexedPlan>> ReadEntriesAsync(string path, Func<string, bool> take, Action<string, byte[]> taken, CancellationToken ct)
    {
        IReadOnlyList<IndexedPlan>? index = null;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                if (entry.Name == SlotArchiveIndex.FileName)
                {
                    index = SlotArchiveIndex.Read(await ReadAllAsync(entry.DataStream, ct), path);
                }
                else if (take(entry.Name))
                {
                    taken(entry.Name, await ReadAllAsync(entry.DataStream, ct));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: not a readable slot archive ({e.Message})", e);
        }

        return index ?? throw new InvalidDataException($"{path}: no {SlotArchiveIndex.FileName} (an archive file ends with it)");
    }

    private static async Task<byte[]> ReadAllAsync(Stream data, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await data.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>The slot of an entry "slotId/…", from its folder name; null for anything else.</summary>
    private static DateTimeOffset? SlotStartOfEntry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && ulong.TryParse(name.AsSpan(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slotId)
            ? DateTimeOffset.UnixEpoch.AddSeconds((double)slotId * SlotClock.SlotSeconds)
            : null;
    }
}
