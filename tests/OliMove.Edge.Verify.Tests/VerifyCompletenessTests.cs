using System.Net.Http.Json;
using System.Security.Cryptography;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Planning;
using OliMove.Scheduling;

namespace OliMove.Edge.VerifyTests;

/// <summary>
/// `verify` beyond the plans: it opens the archive read-only, refuses a node of another chain, and reports slots
/// missing on either side and commitments that landed too long after their slot, on the real archived day.
/// </summary>
[Collection(ArchivedDayCollection.Name)]
public sealed class VerifyCompletenessTests(ArchivedDayFixture day)
{
    private string[] Verify(string db, params string[] extra) =>
        ["verify", "--db", db, "--from", day.Iso(day.From), "--to", day.Iso(day.To), .. extra];

    private string[] OnChain(string? addressesFile = null) => ["--rpc", day.Node.RpcUrl, "--addresses", addressesFile ?? day.AddressesFile, "--site", ArchivedDayFixture.Site.SiteMapId];

    private List<DateTimeOffset> Slots => day.Plans.Select(p => SlotClock.StartOf(p.SlotStart)).Distinct().Order().ToList();

    [Fact]
    public async Task Verify_reads_the_archive_without_changing_a_byte_of_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "olimove-readonly-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
            var file = Path.Combine(folder, "olimove-edge.db");
            File.Copy(archive.Path, file);
            var before = SHA256.HashData(await File.ReadAllBytesAsync(file));
            var written = File.GetLastWriteTimeUtc(file);

            var run = await CommandLineRun.RunAsync(Verify(file, OnChain()));

            run.ExitCode.Should().Be(0, run.ToString());
            SHA256.HashData(await File.ReadAllBytesAsync(file)).Should().Equal(before);
            File.GetLastWriteTimeUtc(file).Should().Be(written);
            Directory.GetFiles(folder).Select(Path.GetFileName).Should().Equal(["olimove-edge.db"], "no journal, WAL or shared-memory file is left next to it");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_node_of_another_chain_is_refused_before_any_slot_is_judged()
    {
        var addresses = await day.SaveAddressesAsync(day.Addresses with { ChainId = 1 });
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain(addresses)));

        run.ExitCode.Should().Be(1, run.ToString());
        run.Output.Should().Contain($"MISMATCH chain id: the node at {day.Node.RpcUrl} is chain 31337, the address file names chain 1")
            .And.Contain("Result: chain id MISMATCH, no slot verified.");
        run.SlotLines.Should().BeEmpty();
    }

    [Fact]
    public async Task A_slot_deleted_from_the_archive_is_reported_from_its_commitment_on_chain()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var victim = Slots[1];
        var deleted = await archive.ExecuteAsync("DELETE FROM slot_plans WHERE slot_start >= $from AND slot_start < $to",
            ("$from", victim.ToUnixTimeMilliseconds()), ("$to", (victim + SlotClock.SlotLength).ToUnixTimeMilliseconds()));
        deleted.Should().BePositive();

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain()));

        run.ExitCode.Should().Be(1, run.ToString());
        var slotId = ChainIds.SlotId(victim);
        run.SlotLines.Should().ContainSingle(l => l.StartsWith($"slot {slotId} ") && l.Contains("  0 plan(s)  MISMATCH"), run.ToString());
        run.SlotLines.Where(l => !l.StartsWith($"slot {slotId} ")).Should().OnlyContain(l => l.EndsWith("OK"));
        run.Output.Should().Contain($"archive at slot {slotId}: the chain has this slot's commitment")
            .And.Contain($"Result: 1 of {Slots.Count} slot(s) MISMATCH.");
    }

    [Fact]
    public async Task A_status_row_changed_in_the_archived_slot_record_is_caught_by_the_rows_hash()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var slotId = ChainIds.SlotId(Slots[1]);
        var changed = await archive.ExecuteAsync(
            "UPDATE chain_outbox SET payload_json = json_set(payload_json, '$.rows[0].measuredW', json_extract(payload_json, '$.rows[0].measuredW') + 1000) WHERE key = $key",
            ("$key", $"slot:{slotId}"));
        changed.Should().Be(1, "the archive keeps the slot's record with its status rows");

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain()));

        run.ExitCode.Should().Be(1, run.ToString());
        run.SlotLines.Should().ContainSingle(l => l.EndsWith("MISMATCH")).Which.Should().StartWith($"slot {slotId} ");
        run.Output.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Should()
            .ContainSingle(run.ToString()).Which.Should().Contain($"status rows at slot {slotId} on chain: the archived slot record's");
    }

    [Fact]
    public async Task Slots_never_recorded_on_chain_are_each_reported()
    {
        var empty = await day.DeployAsync();
        await new AlgorithmRegistryClient(day.Operator.Web3, empty.AlgorithmRegistry)
            .PublishAsync(1, Convert.FromHexString(AlgorithmIdentity.CodeHash()), Convert.FromHexString(AlgorithmIdentity.ParametersHash), AlgorithmVersion.Id);
        var addresses = await day.SaveAddressesAsync(empty);
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain(addresses)));

        run.ExitCode.Should().Be(1);
        run.SlotLines.Should().HaveCount(Slots.Count).And.OnlyContain(l => l.EndsWith("MISMATCH"));
        run.Output.Split('\n').Count(l => l.Contains("chain commitment at slot") && l.Contains("no SlotCommitted event")).Should().Be(Slots.Count, run.ToString());
    }

    [Fact]
    public async Task A_commitment_that_landed_days_after_its_slot_is_a_late_commit()
    {
        // The day's records again, on a new deployment: all but the last slot at once, the last one after the
        // chain's clock moved two days on (as if the operator had held it back).
        var replay = await day.DeployAsync();
        var original = new AssetStatusClient(day.Operator.Web3, day.Addresses.AssetStatus);
        var copy = new AssetStatusClient(day.Operator.Web3, replay.AssetStatus);
        await new AlgorithmRegistryClient(day.Operator.Web3, replay.AlgorithmRegistry)
            .PublishAsync(1, Convert.FromHexString(AlgorithmIdentity.CodeHash()), Convert.FromHexString(AlgorithmIdentity.ParametersHash), AlgorithmVersion.Id);
        var commitments = (await original.GetAllSlotCommitmentsAsync(ArchivedDayFixture.Site.Id, day.Addresses.DeployedAtBlock)).OrderBy(c => c.SlotId).ToList();
        var last = commitments[^1];
        foreach (var c in commitments)
        {
            if (c == last)
            {
                await AnvilRpcAsync("evm_increaseTime", 2 * 24 * 3600);
            }

            var rows = await original.GetStatusRowsAsync(ArchivedDayFixture.Site.Id, c.SlotId, day.Addresses.DeployedAtBlock);
            await copy.RecordSlotAsync(ArchivedDayFixture.Site.Id, c.SlotId, c.AlgorithmVersion, c.InputHash, c.OutputHash, rows);
        }

        // The rows carry the original AssetRegistry's indices: the replay is read against that registry; only slot
        // records are replayed, so the day's settlements are read where they landed.
        var addresses = await day.SaveAddressesAsync(replay with { AssetRegistry = day.Addresses.AssetRegistry, ChargingSettlement = day.Addresses.ChargingSettlement, DeployedAtBlock = day.Addresses.DeployedAtBlock });
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain(addresses)));

        run.ExitCode.Should().Be(1, run.ToString());
        var late = run.Output.Split('\n').Where(l => l.Contains("late commit at")).ToList();
        late.Should().ContainSingle(run.ToString()).Which.Should().Contain($"late commit at slot {last.SlotId} on chain").And.Contain("more than the 60 min allowed");
        run.SlotLines.Should().ContainSingle(l => l.EndsWith("MISMATCH")).Which.Should().StartWith($"slot {last.SlotId} ");

        var generous = await CommandLineRun.RunAsync(Verify(archive.Path, [.. OnChain(addresses), "--max-commit-delay", "4320"]));
        generous.ExitCode.Should().Be(0, generous.ToString());
    }

    private async Task AnvilRpcAsync(string method, params object[] parameters)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsJsonAsync(day.Node.RpcUrl, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        response.EnsureSuccessStatusCode();
        (await response.Content.ReadAsStringAsync()).Should().NotContain("\"error\"");
    }
}
