using System.Security.Cryptography;
using System.Text.Json;
using OliMove.Chain.Clients;
using OliMove.Scheduling;

namespace OliMove.Edge.VerifyTests;

/// <summary>The archive as plain files anyone can hash, and the plan verb replaying them.</summary>
[Collection(ArchivedDayCollection.Name)]
public sealed class ExportAndReplayTests(ArchivedDayFixture day) : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "olimove-export-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Export_writes_each_plan_as_the_exact_hashed_bytes_and_an_index_matching_the_chain()
    {
        var run = await CommandLineRun.RunAsync("verify", "export", "--db", day.ArchiveFile, "--from", day.Iso(day.From), "--to", day.Iso(day.To), "--out", _out);

        run.ExitCode.Should().Be(0, run.ToString());
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "index.json")));
        var slots = index.RootElement.GetProperty("slots").EnumerateArray().ToList();
        slots.Sum(s => s.GetProperty("plans").GetArrayLength()).Should().Be(day.Plans.Count);
        var status = new AssetStatusClient(day.Operator.Web3, day.Addresses.AssetStatus);
        foreach (var slot in slots)
        {
            var onChain = (await status.GetSlotCommitmentsAsync(ArchivedDayFixture.Site.Id, slot.GetProperty("slotId").GetUInt64(), day.Addresses.DeployedAtBlock)).Single();
            slot.GetProperty("inputHash").GetString().Should().Be(Convert.ToHexStringLower(onChain.InputHash));
            slot.GetProperty("outputHash").GetString().Should().Be(Convert.ToHexStringLower(onChain.OutputHash));
            foreach (var plan in slot.GetProperty("plans").EnumerateArray())
            {
                var input = await File.ReadAllBytesAsync(Path.Combine(_out, plan.GetProperty("input").GetString()!));
                var output = await File.ReadAllBytesAsync(Path.Combine(_out, plan.GetProperty("output").GetString()!));
                Convert.ToHexStringLower(SHA256.HashData(input)).Should().Be(plan.GetProperty("inputSha256").GetString());
                Convert.ToHexStringLower(SHA256.HashData(output)).Should().Be(plan.GetProperty("outputSha256").GetString());
            }
        }

        slots.SelectMany(s => s.GetProperty("plans").EnumerateArray()).SelectMany(p => p.GetProperty("sessions").EnumerateArray().Select(e => e.GetString()))
            .Should().Contain(day.SessionId).And.OnlyContain(id => id!.StartsWith("tx-") || id.StartsWith("new-"), "only pseudonyms leave the box");
    }

    [Fact]
    public async Task Export_refuses_a_folder_that_already_holds_files()
    {
        Directory.CreateDirectory(_out);
        await File.WriteAllTextAsync(Path.Combine(_out, "keep.txt"), "mine");

        var run = await CommandLineRun.RunAsync("verify", "export", "--db", day.ArchiveFile, "--from", day.Iso(day.From), "--to", day.Iso(day.To), "--out", _out);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("is not empty");
        Directory.EnumerateFileSystemEntries(_out).Should().ContainSingle();
    }

    [Fact]
    public async Task Plan_on_an_exported_input_prints_the_archived_plan_byte_for_byte()
    {
        var victim = day.Plans.First(p => p.InputJson.Contains(day.SessionId, StringComparison.Ordinal));
        Directory.CreateDirectory(_out);
        var inputFile = Path.Combine(_out, "snapshot.json");
        await File.WriteAllTextAsync(inputFile, victim.InputJson);

        var json = await CommandLineRun.RunAsync("plan", "--input", inputFile);
        var table = await CommandLineRun.RunAsync("plan", "--input", inputFile, "--explain");

        json.ExitCode.Should().Be(0, json.ToString());
        json.Output.Should().Be(victim.OutputJson + Environment.NewLine);
        table.Output.Should().Be(PlanExplanation.Render(SnapshotJsonReader.Read(victim.InputJson), SlotAllocator.Plan(SnapshotJsonReader.Read(victim.InputJson))) + Environment.NewLine);
        table.Output.Should().Contain(day.SessionId);
    }

    [Fact]
    public async Task Plan_replays_an_archived_slot_and_says_it_matches()
    {
        var victim = day.Plans.Last(p => p.InputJson.Contains(day.SessionId, StringComparison.Ordinal));
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var replay = await CommandLineRun.RunAsync("plan", "--db", archive.Path, "--group", victim.GroupId, "--at", day.Iso(victim.SlotStart), "--revision", victim.Revision.ToString());
        await archive.ExecuteAsync("UPDATE slot_plans SET output_json = replace(output_json, '\"status\":', '\"status\": ') WHERE id = $id", ("$id", victim.Id));
        var tampered = await CommandLineRun.RunAsync("plan", "--db", archive.Path, "--group", victim.GroupId, "--at", day.Iso(victim.SlotStart), "--revision", victim.Revision.ToString());

        replay.ExitCode.Should().Be(0, replay.ToString());
        replay.Output.Should().Be(victim.OutputJson + Environment.NewLine);
        replay.Error.Should().Contain($"OK: the replay equals archived revision {victim.Revision}");
        tampered.ExitCode.Should().Be(1);
        tampered.Error.Should().Contain("MISMATCH").And.Contain("property \"status\"");
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
