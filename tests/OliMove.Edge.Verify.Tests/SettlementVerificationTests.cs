using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;

namespace OliMove.Edge.VerifyTests;

/// <summary>
/// `verify` recomputes each settlement of the archived day (two drivers, one opted in with a departure) from the
/// archive's meter values and requests with the product's own computation, at the contract's rates, and compares
/// it with the chain's Settled event and the driver's receipt; each kind of tampering fails naming the session.
/// </summary>
[Collection(ArchivedDayCollection.Name)]
public sealed class SettlementVerificationTests(ArchivedDayFixture day)
{
    private string[] Verify(string db, string? addressesFile = null, params string[] extra) =>
        ["verify", "--db", db, "--from", day.Iso(day.From), "--to", day.Iso(day.To),
            "--rpc", day.Node.RpcUrl, "--addresses", addressesFile ?? day.AddressesFile, "--site", ArchivedDayFixture.Site.SiteMapId, .. extra];

    private string OptedIn => day.SettledSessions[0];

    private string Plain => day.SettledSessions[1];

    private static long TransactionOf(string session) => long.Parse(session["tx-".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Findings(CommandLineRun run) =>
        run.Output.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim());

    private static IEnumerable<string> SessionLines(CommandLineRun run) =>
        run.Output.Split('\n').Where(l => l.StartsWith("session ", StringComparison.Ordinal)).Select(l => l.TrimEnd());

    [Fact]
    public async Task Every_settlement_on_chain_is_recomputed_from_the_archive_and_matches()
    {
        var settled = await new ChargingSettlementClient(day.Operator.Web3, day.Addresses.ChargingSettlement).GetSettledEventsAsync(ArchivedDayFixture.Site.Id);
        settled.Should().HaveCount(2, "both drivers' sessions were settled on chain");
        var optedIn = settled.Single(e => e.SessionNumber == ChainIds.SessionNumber(OptedIn));
        optedIn.EnergyWh.Should().BePositive();
        optedIn.FlexibilityWhH.Should().BePositive("the opted-in driver gave flexibility, so the recomputation covers tokens too");
        optedIn.Tokens.Sign.Should().Be(1);
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path));

        run.ExitCode.Should().Be(0, run.ToString());
        SessionLines(run).Should().Equal($"session {OptedIn}  OK", $"session {Plain}  OK");
        run.Output.Should().Contain("Settlements: all 2 OK.");
    }

    private async Task<uint> SettledEnergyAsync(string session) =>
        (await new ChargingSettlementClient(day.Operator.Web3, day.Addresses.ChargingSettlement).GetSettledEventsAsync(ArchivedDayFixture.Site.Id, ChainIds.SessionNumber(session)))
            .Single().EnergyWh;

    [Fact]
    public async Task A_meter_value_altered_in_the_archive_fails_that_session_by_its_energy()
    {
        var settled = await SettledEnergyAsync(Plain);
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        (await archive.ExecuteAsync("UPDATE transactions SET meter_stop_wh = meter_stop_wh + 500 WHERE id = $id", ("$id", TransactionOf(Plain)))).Should().Be(1);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path));

        run.ExitCode.Should().Be(1, run.ToString());
        SessionLines(run).Should().Equal($"session {OptedIn}  OK", $"session {Plain}  MISMATCH");
        Findings(run).Should().Contain(f => f.StartsWith($"settlement energy at session {Plain} on chain", StringComparison.Ordinal) && f.Contains($"{settled} Wh settled; the archived meter values give {settled + 500} Wh"), run.ToString())
            .And.Contain(f => f.StartsWith($"settlement bill at session {Plain} on chain", StringComparison.Ordinal));
        run.SlotLines.Should().OnlyContain(l => l.EndsWith("OK"), "the slots' records do not depend on the stop's meter value");
        run.Output.Should().Contain("Settlements: 1 of 2 MISMATCH.");
    }

    [Fact]
    public async Task A_receipt_edited_in_the_database_no_longer_equals_what_the_chain_billed()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        (await archive.ExecuteAsync("UPDATE session_settlements SET energy_wh = energy_wh - 1000, bill_minor_units = bill_minor_units - 30 WHERE transaction_id = $id",
            ("$id", TransactionOf(OptedIn)))).Should().Be(1);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path));

        run.ExitCode.Should().Be(1, run.ToString());
        SessionLines(run).Should().Equal($"session {OptedIn}  MISMATCH", $"session {Plain}  OK");
        Findings(run).Should().ContainSingle(run.ToString()).Which.Should().StartWith($"receipt at session {OptedIn}: the receipt says");
    }

    [Fact]
    public async Task A_settlement_altered_on_chain_and_one_the_archive_never_had_are_both_reported()
    {
        // The day's settlements replayed on another deployment by a key with the site's role: one with more
        // energy than its meter values give, plus a made-up session.
        var settled = await SettledEnergyAsync(OptedIn);
        var replay = await day.DeployAsync();
        var original = await new ChargingSettlementClient(day.Operator.Web3, day.Addresses.ChargingSettlement).GetSettledEventsAsync(ArchivedDayFixture.Site.Id);
        var rogue = new ChargingSettlementClient(day.Operator.Web3, replay.ChargingSettlement);
        var sessions = original.Select(e => new SessionSettlementStruct
        {
            SessionNumber = e.SessionNumber,
            User = e.User,
            EnergyWh = e.SessionNumber == ChainIds.SessionNumber(OptedIn) ? e.EnergyWh + 2_000 : e.EnergyWh,
            FlexibilityWhH = e.FlexibilityWhH,
        }).Append(new SessionSettlementStruct { SessionNumber = ChainIds.SessionNumber("tx-999999"), User = ArchivedDayFixture.DriverWallets[0], EnergyWh = 10_000, FlexibilityWhH = 0 }).ToList();
        await rogue.SettleAsync(ArchivedDayFixture.Site.Id, sessions);
        var addresses = await day.SaveAddressesAsync(day.Addresses with { ChargingSettlement = replay.ChargingSettlement, FlexToken = replay.FlexToken });
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, addresses));

        run.ExitCode.Should().Be(1, run.ToString());
        var unknown = "tx-999999";
        SessionLines(run).Should().Equal($"session {OptedIn}  MISMATCH", $"session {Plain}  OK", $"session {unknown}  MISMATCH");
        Findings(run).Should().Contain(f => f.StartsWith($"settlement energy at session {OptedIn} on chain", StringComparison.Ordinal) && f.Contains($"{settled + 2_000} Wh settled; the archived meter values give {settled} Wh"), run.ToString())
            .And.Contain(f => f.StartsWith($"settlement at session {unknown} on chain", StringComparison.Ordinal) && f.Contains("for a session the archive does not hold"));
    }

    [Fact]
    public async Task A_session_finished_in_the_archive_but_never_settled_on_chain_is_reported()
    {
        using var archive = await ArchiveCopy.CreateAsync(day.ArchiveFile);
        var from = day.From.ToUnixTimeMilliseconds();
        (await archive.ExecuteAsync("""
            INSERT INTO transactions (id, charge_point_id, connector_id, id_tag, meter_start_wh, started_at, meter_stop_wh, stopped_at, stop_reason)
            VALUES (900001, 'OLI-DEMO-01', 1, 'TAG-VERIFY-2', 0, $started, 5000, $stopped, 'EVDisconnected')
            """, ("$started", from - 2 * 3_600_000), ("$stopped", from))).Should().Be(1);

        var run = await CommandLineRun.RunAsync(Verify(archive.Path, null, "--max-settle-delay", "0"));

        run.ExitCode.Should().Be(1, run.ToString());
        SessionLines(run).Should().Equal($"session {OptedIn}  OK", $"session {Plain}  OK", "session tx-900001  MISMATCH");
        Findings(run).Should().ContainSingle(run.ToString()).Which.Should()
            .StartWith("settlement at session tx-900001: finished at").And.Contain($"for wallet {ArchivedDayFixture.DriverWallets[1]}, never settled on chain");
    }
}
