using System.Globalization;
using System.Text.Json;
using OliMove.Chain;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// The layout of a slot archive (format olimove-slot-archive/1), shared by <c>verify export</c> (a folder) and the
/// retention's daily archive files (the same layout in a .tar.gz): per plan its canonical input and output as
/// <c>&lt;slotId&gt;/&lt;group&gt;-&lt;planStartUnixSeconds&gt;-r&lt;revision&gt;.{input,output}.json</c>, and index.json listing, per
/// slot, the slot id, the combined hashes that go on chain and, per plan, its files, hashes and sessions.
/// </summary>
public static class SlotArchiveIndex
{
    public const string FileName = "index.json";

    public const string Format = "olimove-slot-archive/1";

    /// <summary>The path of a plan's files without the .input.json/.output.json suffix.</summary>
    public static string StemOf(SlotPlanRecord plan) =>
        $"{ChainIds.SlotId(SlotClock.StartOf(plan.SlotStart))}/{FileSafe(plan.GroupId)}-{plan.SlotStart.ToUnixTimeSeconds()}-r{plan.Revision}";

    /// <summary>
    /// Writes index.json for <paramref name="plans"/> (their JSON is not needed, only ids, hashes and sessions).
    /// </summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<(SlotPlanRecord Plan, IReadOnlyList<string> Sessions)> plans, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("commitmentRule", "inputHash = SHA-256 of the lines \"groupId planStartUnixMs revision inputSha256\\n\" over the slot's plans ordered by group (ordinal), plan start, revision; outputHash likewise with outputSha256");
        w.WriteStartArray("slots");
        foreach (var slot in plans.GroupBy(p => SlotClock.StartOf(p.Plan.SlotStart)).OrderBy(g => g.Key))
        {
            var (inputHash, outputHash) = SlotCommitment.Combine(slot.Select(p => p.Plan));
            w.WriteStartObject();
            w.WriteNumber("slotId", ChainIds.SlotId(slot.Key));
            w.WriteString("slotStart", Iso(slot.Key));
            w.WriteString("inputHash", inputHash);
            w.WriteString("outputHash", outputHash);
            w.WriteStartArray("plans");
            foreach (var (plan, sessions) in slot.OrderBy(p => p.Plan.GroupId, StringComparer.Ordinal).ThenBy(p => p.Plan.SlotStart).ThenBy(p => p.Plan.Revision))
            {
                var stem = StemOf(plan);
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
                foreach (var session in sessions)
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
        await w.FlushAsync(ct);
    }

    /// <summary>The plans an index lists, without their JSON (InputJson/OutputJson empty): what the files must hold.</summary>
    public static IReadOnlyList<IndexedPlan> Read(ReadOnlySpan<byte> indexJson, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(indexJson.ToArray());
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != Format)
            {
                throw new InvalidDataException($"{source}: index.json is not {Format}");
            }

            var plans = new List<IndexedPlan>();
            foreach (var slot in root.GetProperty("slots").EnumerateArray())
            {
                foreach (var plan in slot.GetProperty("plans").EnumerateArray())
                {
                    plans.Add(new IndexedPlan(
                        new ArchivedPlanKey(
                            plan.GetProperty("groupId").GetString()!,
                            DateTimeOffset.Parse(plan.GetProperty("planStart").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                            plan.GetProperty("revision").GetInt32()),
                        plan.GetProperty("algorithmVersion").GetString()!,
                        plan.GetProperty("input").GetString()!,
                        plan.GetProperty("output").GetString()!,
                        plan.GetProperty("inputSha256").GetString()!,
                        plan.GetProperty("outputSha256").GetString()!));
                }
            }

            return plans;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: index.json is not readable: {e.Message}", e);
        }
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string FileSafe(string id) =>
        new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
