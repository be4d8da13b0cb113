using System.Security.Cryptography;
using System.Text;
using OliMove.Chain.Clients;
using OliMove.Edge.ChainLink;
using OliMove.Scheduling;

namespace OliMove.Edge.VerifyTests;

/// <summary>
/// `olimove-edge verify` on an archive made by the real service and committed by the real outbox writer to a real
/// chain: a clean archive passes on every slot; each kind of tampering is caught and named.
/// </summary>
[Collection(ArchivedDayCollection.Name)]
public sealed class VerifyCommandTests(ArchivedDayFixture day)
{
    private string[] Verify(string db, params string[] extra) =>
        ["verify", "--db", db, "--from", day.Iso(day.From), "--to", day.Iso(day.To), .. extra];

    private string[] OnChain(string? addressesFile = null) => ["--rpc", day.Node.RpcUrl, "--addresses", addressesFile ?? day.AddressesFile, "--site", ArchivedDayFixture.Site.SiteMapId];

    private int SlotCount => day.Plans.Select(p => Planning.SlotClock.StartOf(p.SlotStart)).Distinct().Count();

    [Fact]
    public async Task A_clean_archive_verifies_OK_on_every_slot_against_the_chain()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain()));

        run.ExitCode.Should().Be(0, run.ToString());
        run.SlotLines.Should().HaveCount(SlotCount).And.OnlyContain(l => l.EndsWith("OK"), run.ToString());
        run.Output.Should().Contain("Chain: checked against AssetStatus " + day.Addresses.AssetStatus)
            .And.Contain($"Result: all {SlotCount} slot(s) OK.");
    }

    [Fact]
    public async Task Without_a_chain_it_verifies_the_archive_alone_and_says_the_chain_was_not_checked()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path));

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("Chain: NOT CHECKED").And.Contain("(chain not checked)");
        run.SlotLines.Should().HaveCount(SlotCount).And.OnlyContain(l => l.EndsWith("OK"));
    }

    [Fact]
    public async Task A_user_verifies_the_slots_of_their_own_session_by_its_receipt_id()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var slotsWithSession = day.Plans.Where(p => p.InputJson.Contains($"\"sessionId\":\"{day.SessionId}\"", StringComparison.Ordinal))
            .Select(p => Planning.SlotClock.StartOf(p.SlotStart))
            .Distinct().ToList();

        // The range keeps out the slot the service was still in when it stopped, which never reached the chain.
        var run = await CommandLineRun.RunAsync(Verify(archive.Path, ["--session", day.SessionId, .. OnChain()]));

        run.ExitCode.Should().Be(0, run.ToString());
        slotsWithSession.Should().NotBeEmpty();
        run.SlotLines.Should().HaveCount(slotsWithSession.Count);
        var unknown = await CommandLineRun.RunAsync(["verify", "--db", archive.Path, "--session", "tx-999999"]);
        unknown.ExitCode.Should().Be(1);
        unknown.Error.Should().Contain("session tx-999999 is in no archived plan");
    }

    [Fact]
    public async Task An_archived_input_value_changed_after_planning_is_caught_by_its_SHA_256()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var victim = PlanWithSession();
        var tampered = ChangeFirst(victim.InputJson, "\"energyDeliveredWh\":", "\"energyDeliveredWh\":9");
        await archive.ExecuteAsync("UPDATE slot_plans SET input_json = $json WHERE id = $id", ("$json", tampered), ("$id", victim.Id));

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain()));

        run.ExitCode.Should().Be(1);
        FindingLines(run).Should().Contain(l => l.Contains($"input SHA-256 at group {victim.GroupId}") && l.Contains($"revision {victim.Revision}"), run.ToString())
            .And.Contain(l => l.Contains("chain input hash"));
        run.SlotLines.Count(l => l.EndsWith("MISMATCH")).Should().Be(1);
    }

    [Fact]
    public async Task An_archived_input_rewritten_with_a_matching_hash_is_caught_by_the_chain_commitment()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var victim = PlanWithSession();
        var tampered = ChangeFirst(victim.InputJson, "\"energyDeliveredWh\":", "\"energyDeliveredWh\":9");
        await archive.ExecuteAsync("UPDATE slot_plans SET input_json = $json, input_sha256 = $sha WHERE id = $id", ("$json", tampered), ("$sha", Sha256(tampered)), ("$id", victim.Id));

        var offline = await CommandLineRun.RunAsync(Verify(archive.Path));
        var online = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain()));

        online.ExitCode.Should().Be(1);
        FindingLines(online).Should().Contain(l => l.Contains($"chain input hash at slot {Chain.ChainIds.SlotId(Planning.SlotClock.StartOf(victim.SlotStart))} on chain"), online.ToString());
        FindingLines(online).Should().NotContain(l => l.Contains("input SHA-256"), "the tamperer fixed the archived hash; only the chain can tell");
        offline.Output.Should().Contain("Chain: NOT CHECKED");
    }

    [Fact]
    public async Task A_plan_value_changed_in_the_archive_is_caught_by_the_replay_and_the_chain()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var victim = PlanWithSession();
        var tampered = ChangeFirst(victim.OutputJson, "\"plannedWh\":", "\"plannedWh\":1");
        await archive.ExecuteAsync("UPDATE slot_plans SET output_json = $json, output_sha256 = $sha WHERE id = $id", ("$json", tampered), ("$sha", Sha256(tampered)), ("$id", victim.Id));

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain()));

        run.ExitCode.Should().Be(1);
        FindingLines(run).Should().Contain(l => l.Contains($"replayed plan at group {victim.GroupId}") && l.Contains("property \"plannedWh\""), run.ToString())
            .And.Contain(l => l.Contains("chain output hash"));
    }

    [Fact]
    public async Task Other_algorithm_parameters_published_on_chain_are_named()
    {
        var registry = await day.DeployAsync();
        await new AlgorithmRegistryClient(day.Operator.Web3, registry.AlgorithmRegistry)
            .PublishAsync(1, Convert.FromHexString(AlgorithmIdentity.CodeHash()), SHA256.HashData("other parameters"u8.ToArray()), AlgorithmVersion.Id);
        var addresses = await day.SaveAddressesAsync(day.Addresses with { AlgorithmRegistry = registry.AlgorithmRegistry });
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain(addresses)));

        run.ExitCode.Should().Be(1);
        run.SlotLines.Should().OnlyContain(l => l.EndsWith("MISMATCH"));
        FindingLines(run).Should().Contain(l => l.Contains("algorithm parameters hash at AlgorithmRegistry version 1"), run.ToString())
            .And.NotContain(l => l.Contains("algorithm code hash"));
    }

    [Fact]
    public async Task Other_code_published_on_chain_is_named()
    {
        var registry = await day.DeployAsync();
        await new AlgorithmRegistryClient(day.Operator.Web3, registry.AlgorithmRegistry)
            .PublishAsync(1, SHA256.HashData("some other allocator build"u8.ToArray()), Convert.FromHexString(AlgorithmIdentity.ParametersHash), AlgorithmVersion.Id);
        var addresses = await day.SaveAddressesAsync(day.Addresses with { AlgorithmRegistry = registry.AlgorithmRegistry });
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, OnChain(addresses)));

        run.ExitCode.Should().Be(1);
        FindingLines(run).Should().Contain(l => l.Contains("algorithm code hash at AlgorithmRegistry version 1") && l.Contains(AlgorithmIdentity.CodeHash()), run.ToString())
            .And.NotContain(l => l.Contains("algorithm parameters hash"));
    }

    [Fact]
    public async Task A_plan_archived_under_another_algorithm_version_is_named()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var victim = PlanWithSession();
        await archive.ExecuteAsync("UPDATE slot_plans SET algorithm_version = 'olimove-guarded-edf/0.9.0' WHERE id = $id", ("$id", victim.Id));

        var run = await CommandLineRun.RunAsync(Verify(archive.Path));

        run.ExitCode.Should().Be(1);
        FindingLines(run).Should().ContainSingle(l => l.Contains("algorithm version at group") && l.Contains("'olimove-guarded-edf/0.9.0'"), run.ToString());
    }

    [Fact]
    public async Task Bad_arguments_get_a_clear_error_and_create_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "olimove-no-such-" + Guid.NewGuid().ToString("N") + ".db");

        var noFile = await CommandLineRun.RunAsync(["verify", "--db", missing, "--from", day.Iso(day.From), "--to", day.Iso(day.To)]);
        var noRange = await CommandLineRun.RunAsync(["verify", "--db", day.ArchiveFile]);
        var badTime = await CommandLineRun.RunAsync(["verify", "--db", day.ArchiveFile, "--from", "yesterday", "--to", day.Iso(day.To)]);

        noFile.ExitCode.Should().Be(2);
        noFile.Error.Should().Contain("no such archive");
        File.Exists(missing).Should().BeFalse();
        noRange.Error.Should().Contain("give --from and --to, or --session tx-N");
        badTime.Error.Should().Contain("--from 'yesterday' is not an ISO 8601 instant");
    }

    [Fact]
    public async Task An_unreachable_chain_node_is_an_error_not_a_verdict()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var deadPort = System.Net.Sockets.TcpListener.Create(0);
        deadPort.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)deadPort.LocalEndpoint).Port}";
        deadPort.Stop();

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, "--rpc", url, "--addresses", day.AddressesFile, "--site", ArchivedDayFixture.Site.SiteMapId));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Should().Contain($"the chain node at {url} does not answer");
        run.SlotLines.Should().BeEmpty();
    }

    private Storage.SlotPlanRecord PlanWithSession() =>
        day.Plans.First(p => p.InputJson.Contains($"\"sessionId\":\"{day.SessionId}\"", StringComparison.Ordinal));

    private static IReadOnlyList<string> FindingLines(CommandLineRun run) =>
        run.Output.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    private static string ChangeFirst(string json, string marker, string replacement)
    {
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, $"the archived JSON has {marker}");
        return json[..at] + replacement + json[(at + marker.Length)..];
    }

    private static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
