using System.Globalization;
using System.Text;
using System.Text.Json;
using OliMove.Chain;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// Writes archived plans as files anyone can check with standard tools: per plan its canonical input and output
/// exactly as hashed (so `sha256sum` gives the archived hashes), and index.json listing, per slot, the slot id,
/// the combined hashes that go on chain and, per plan, its files, hashes and the pseudonymous sessions in it.
/// </summary>
public static class ArchiveExporter
{
    public const string IndexFileName = "index.json";

    /// <summary>Exports into <paramref name="directory"/>, which must not exist or be empty (nothing is overwritten).</summary>
    public static async Task<int> ExportAsync(IReadOnlyList<SlotPlanRecord> plans, string directory, CancellationToken ct)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory} is not empty; export into a new folder.");
        }

        Directory.CreateDirectory(directory);
        using var index = new MemoryStream();
        await using (var w = new Utf8JsonWriter(index, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "olimove-slot-archive/1");
            w.WriteString("commitmentRule", "inputHash = SHA-256 of the lines \"groupId planStartUnixMs revision inputSha256\\n\" over the slot's plans ordered by group (ordinal), plan start, revision; outputHash likewise with outputSha256");
            w.WriteStartArray("slots");
            foreach (var slot in plans.GroupBy(p => SlotClock.StartOf(p.SlotStart)).OrderBy(g => g.Key))
            {
                var slotId = ChainIds.SlotId(slot.Key);
                var (inputHash, outputHash) = SlotCommitment.Combine(slot);
                w.WriteStartObject();
                w.WriteNumber("slotId", slotId);
                w.WriteString("slotStart", Iso(slot.Key));
                w.WriteString("inputHash", inputHash);
                w.WriteString("outputHash", outputHash);
                w.WriteStartArray("plans");
                foreach (var plan in slot.OrderBy(p => p.GroupId, StringComparer.Ordinal).ThenBy(p => p.SlotStart).ThenBy(p => p.Revision))
                {
                    var stem = $"{slotId}/{FileSafe(plan.GroupId)}-{plan.SlotStart.ToUnixTimeSeconds()}-r{plan.Revision}";
                    await WriteAsync(directory, stem + ".input.json", plan.InputJson, ct);
                    await WriteAsync(directory, stem + ".output.json", plan.OutputJson, ct);
                    w.WriteStartObject();
                    w.WriteString("groupId", plan.GroupId);
                    w.WriteString("planStart", Iso(plan.SlotStart));
                    w.WriteNumber("revision", plan.Revision);
                    w.WriteString("algorithmVersion", plan.AlgorithmVersion);
                    w.WriteString("input", stem + ".input.json");
                    w.WriteString("output", stem + ".output.json");
                    w.WriteString("inputSha256", plan.InputSha256);
                    w.WriteString("outputSha256", plan.OutputSha256);
                    w.WriteStartArray("sessions");
                    foreach (var session in SessionSlots.SessionsIn(plan))
                    {
                        w.WriteStringValue(session);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

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

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string FileSafe(string id) =>
        new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
