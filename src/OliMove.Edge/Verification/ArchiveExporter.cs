using System.Text;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// Writes archived plans as files anyone can check with standard tools: per plan its canonical input and output
/// exactly as hashed (so `sha256sum` gives the archived hashes), and index.json listing, per slot, the slot id,
/// the combined hashes that go on chain and, per plan, its files, hashes and the pseudonymous sessions in it
/// (<see cref="SlotArchiveIndex"/>).
/// </summary>
public static class ArchiveExporter
{
    public const string IndexFileName = SlotArchiveIndex.FileName;

    /// <summary>Exports into <paramref name="directory"/>, which must not exist or be empty (nothing is overwritten).</summary>
    public static async Task<int> ExportAsync(IReadOnlyList<SlotPlanRecord> plans, string directory, CancellationToken ct)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory} is not empty; export into a new folder.");
        }

        Directory.CreateDirectory(directory);
        var indexed = new List<(SlotPlanRecord, IReadOnlyList<string>)>();
        foreach (var plan in plans)
        {
            var stem = SlotArchiveIndex.StemOf(plan);
            await WriteAsync(directory, stem + ".input.json", plan.InputJson, ct);
            await WriteAsync(directory, stem + ".output.json", plan.OutputJson, ct);
            indexed.Add((plan, SessionSlots.SessionsIn(plan)));
        }

        using var index = new MemoryStream();
        await SlotArchiveIndex.WriteAsync(index, indexed, ct);
        await File.WriteAllBytesAsync(Path.Combine(directory, IndexFileName), index.ToArray(), ct);
        return plans.Count;
    }

    private static async Task WriteAsync(string directory, string relative, string json, CancellationToken ct)
    {
        var path = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The exact archived bytes, no BOM and no trailing newline: they are what the SHA-256 covers.
        await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(json), ct);
    }
}
