using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// The one commitment a slot gets on chain, over every plan made in it: each group's slot-boundary plan and
/// every event re-plan, in (group, plan start, revision) order. Input hash = SHA-256 of the lines
/// "group planStartUnixMs revision inputSha256\n"; output hash likewise with the plans' hashes. Anyone holding the archived
/// snapshots recomputes both (see `olimove-edge verify`).
/// </summary>
public static class SlotCommitment
{
    public static (string InputHash, string OutputHash) Combine(IEnumerable<SlotPlanRecord> plans)
    {
        var ordered = plans.OrderBy(p => p.GroupId, StringComparer.Ordinal).ThenBy(p => p.SlotStart).ThenBy(p => p.Revision).ToList();
        var inputs = new StringBuilder();
        var outputs = new StringBuilder();
        foreach (var p in ordered)
        {
            var start = p.SlotStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            inputs.Append(p.GroupId).Append(' ').Append(start).Append(' ').Append(p.Revision).Append(' ').Append(p.InputSha256).Append('\n');
            outputs.Append(p.GroupId).Append(' ').Append(start).Append(' ').Append(p.Revision).Append(' ').Append(p.OutputSha256).Append('\n');
        }

        return (Hex(inputs), Hex(outputs));
    }

    private static string Hex(StringBuilder text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}
