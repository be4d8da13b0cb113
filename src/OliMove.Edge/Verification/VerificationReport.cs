using System.Globalization;

namespace OliMove.Edge.Verification;

/// <summary>
/// The verdict as a person reads it: what was checked against what, then one line per slot with each finding under
/// its slot, then one line per settlement judged with its findings, then the result.
/// </summary>
public static class VerificationReport
{
    public static async Task WriteAsync(TextWriter output, AlgorithmExpectation expected, string buildConfiguration, string? chainDescription, IReadOnlyList<SlotVerdict> verdicts, string settlementDescription, IReadOnlyList<SessionVerdict>? sessions)
    {
        var number = chainDescription is null ? "registry not checked" : expected.VersionNumber is { } n ? $"registry version {n}" : "not published in this registry";
        await output.WriteLineAsync($"Algorithm of this build: {expected.VersionId} ({number}, {buildConfiguration} build)");
        await output.WriteLineAsync($"  code hash       {expected.CodeHash}");
        await output.WriteLineAsync($"  parameters hash {expected.ParametersHash}");
        await output.WriteLineAsync(chainDescription is null
            ? "Chain: NOT CHECKED (no --rpc/--addresses): the archive was checked against itself and this build only."
            : $"Chain: {chainDescription}");
        foreach (var v in verdicts)
        {
            var start = v.SlotStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"slot {v.SlotId} {start}Z  {v.PlanCount,3} plan(s)  {(v.Passed ? "OK" : "MISMATCH")}");
            foreach (var f in v.Findings)
            {
                await output.WriteLineAsync($"    {f}");
            }
        }

        var otherRelease = verdicts.Count(v => v.Findings.Any(f => f.What is "algorithm code hash" or "algorithm parameters hash"));
        if (otherRelease > 0)
        {
            await output.WriteLineAsync($"Note: {otherRelease} slot(s) ran another algorithm version than this build: their findings name the release (code SHA-256) to verify them with.");
        }

        await output.WriteLineAsync($"Settlements: {settlementDescription}");
        foreach (var s in sessions ?? [])
        {
            await output.WriteLineAsync($"session {s.Session}  {(s.Passed ? "OK" : "MISMATCH")}");
            foreach (var f in s.Findings)
            {
                await output.WriteLineAsync($"    {f}");
            }
        }

        var failed = verdicts.Count(v => !v.Passed);
        var slots = failed == 0
            ? $"Result: all {verdicts.Count} slot(s) OK{(chainDescription is null ? " (chain not checked)" : "")}."
            : $"Result: {failed} of {verdicts.Count} slot(s) MISMATCH.";
        var failedSessions = sessions?.Count(s => !s.Passed) ?? 0;
        var settlements = sessions is null ? " Settlements not checked."
            : failedSessions == 0 ? $" Settlements: all {sessions.Count} OK."
            : $" Settlements: {failedSessions} of {sessions.Count} MISMATCH.";
        await output.WriteLineAsync(slots + settlements);
    }
}
