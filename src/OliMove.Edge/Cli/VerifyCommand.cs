using System.CommandLine;
using OliMove.Chain;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Verification;
using OliMove.Storage;

namespace OliMove.Edge.Cli;

/// <summary>
/// <c>olimove-edge verify</c>: anyone holding the slot archive checks that each slot's plans are what the
/// published allocator gives on the archived inputs, and that they are what was committed on chain
/// (docs/verification.md). <c>verify export</c> writes the archive as plain files.
/// </summary>
public static class VerifyCommand
{
    /// <summary>A slot's record normally lands within a minute of its end; an hour leaves room for a node or network outage (the outbox keeps it).</summary>
    public const int DefaultMaxCommitDelayMinutes = 60;

    /// <summary>A settlement is queued at the stop and normally lands within a minute; an hour, as for slots.</summary>
    public const int DefaultMaxSettleDelayMinutes = 60;

    public static Command Create()
    {
        var db = new Option<string?>("--db") { Description = "The slot archive: the service's SQLite file or a copy of it." };
        var archives = new Option<string?>("--archives") { Description = "The folder of daily slot archive files (slots-YYYY-MM-DD.tar.gz) the service exports past Retention.SlotPlanDays; with --db, both are read." };
        var from = new Option<string?>("--from") { Description = "First slot (ISO 8601, UTC), floored to the quarter hour." };
        var to = new Option<string?>("--to") { Description = "End of the range (ISO 8601, UTC, exclusive), ceiled to the quarter hour." };
        var session = new Option<string?>("--session") { Description = "Only the slots of one session: tx-N, N being the transaction id on your receipt or in the app." };
        var rpc = new Option<string?>("--rpc") { Description = "Ethereum node URL; with --addresses, each slot is also checked against its on-chain commitment." };
        var addresses = new Option<string?>("--addresses") { Description = "The operator's contract address file (chain-addresses.json)." };
        var maxDelay = new Option<int>("--max-commit-delay")
        {
            Description = "Minutes after its slot's end within which a slot's commitment must be on chain; a later one is reported as a late commit.",
            DefaultValueFactory = _ => DefaultMaxCommitDelayMinutes,
        };
        var maxSettleDelay = new Option<int>("--max-settle-delay")
        {
            Description = "Minutes after a session's stop (by the chain's latest block time) within which its settlement must be on chain; a later one is reported as never settled.",
            DefaultValueFactory = _ => DefaultMaxSettleDelayMinutes,
        };
        var site = new Option<string?>("--site") { Description = "With --rpc: the site map's site id whose records to check (one set of contracts serves many sites)." };
        var verify = new Command("verify", "Re-run the allocator on each archived slot and compare inputs, plans and hashes with the archive, this build and (with --rpc) the chain. Exit code 0 only when every slot is OK.")
        {
            db, archives, from, to, session, rpc, addresses, maxDelay, maxSettleDelay, site,
        };
        verify.Subcommands.Add(CreateExport());
        verify.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var sessionId = parse.GetValue(session);
            var fromText = parse.GetValue(from);
            var toText = parse.GetValue(to);
            if (sessionId is null && (fromText is null || toText is null))
            {
                await error.WriteLineAsync("error: give --from and --to, or --session tx-N");
                return 2;
            }

            if (!TryRange(fromText, toText, out var start, out var end, out var rangeError))
            {
                await error.WriteLineAsync($"error: {rangeError}");
                return 2;
            }

            var rpcUrl = parse.GetValue(rpc);
            var addressFile = parse.GetValue(addresses);
            var siteId = parse.GetValue(site);
            if ((rpcUrl is null) != (addressFile is null) || (rpcUrl is null) != (siteId is null))
            {
                await error.WriteLineAsync("error: --rpc, --addresses and --site go together");
                return 2;
            }

            var maxCommitDelay = parse.GetValue(maxDelay);
            var settleDelay = parse.GetValue(maxSettleDelay);
            if (maxCommitDelay < 0 || settleDelay < 0)
            {
                await error.WriteLineAsync("error: --max-commit-delay and --max-settle-delay must be 0 or more minutes");
                return 2;
            }

            var dbPath = parse.GetValue(db);
            var archiveDirectory = parse.GetValue(archives);
            if (dbPath is null && archiveDirectory is null)
            {
                await error.WriteLineAsync("error: give --db (the service's SQLite file), --archives (its exported archive files) or both");
                return 2;
            }

            if (archiveDirectory is not null && !Directory.Exists(archiveDirectory))
            {
                await error.WriteLineAsync($"error: {archiveDirectory}: no such folder of slot archive files");
                return 2;
            }

            IReadOnlyList<SlotPlanRecord> plans;
            IReadOnlyDictionary<ulong, SlotStatusPayload> slotRecords = new Dictionary<ulong, SlotStatusPayload>();
            IReadOnlyList<ArchivedSession> finishedSessions = [];
            IReadOnlySet<long> transactionIds = new HashSet<long>();
            try
            {
                plans = await ArchivedPlans.ReadAsync(dbPath, archiveDirectory, start, end, sessionId, ct);
                if (dbPath is not null)
                {
                    await using var archive = await ReadOnlyArchive.OpenAsync(dbPath, ct);
                    slotRecords = await archive.SlotRecordsAsync(ct);
                    finishedSessions = await archive.FinishedSessionsAsync(ct);
                    transactionIds = await archive.TransactionIdsAsync(ct);
                }
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {dbPath} cannot be read as a slot archive: {e.Message}");
                return 2;
            }

            if (plans.Count == 0)
            {
                await error.WriteLineAsync(sessionId is null ? "error: no archived plans in that range: nothing was verified" : $"error: session {sessionId} is in no archived plan: nothing was verified");
                return 1;
            }

            ChainRecords? chain = null;
            ChainAddresses? chainAddresses = null;
            string? chainDescription = null;
            if (rpcUrl is not null)
            {
                try
                {
                    chainAddresses = await ChainAddresses.LoadAsync(addressFile!, ct);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"error: {e.Message}");
                    return 2;
                }

                chain = new ChainRecords(rpcUrl, chainAddresses, new ChainSite(siteId!));
                chainDescription = $"checked against AssetStatus {chainAddresses.AssetStatus} and AlgorithmRegistry {chainAddresses.AlgorithmRegistry} (chain {chainAddresses.ChainId}) at {rpcUrl}, site '{siteId}'; commits later than {maxCommitDelay} min after their slot are late";
            }

            var expected = AlgorithmExpectation.ThisBuild();
            IReadOnlyList<SlotVerdict> verdicts;
            IReadOnlyList<SessionVerdict>? sessionVerdicts = null;
            try
            {
                // The records of another chain (a test net, a fork) prove nothing about this operator's: check first.
                if (chain is not null && chainAddresses is not null && await chain.ChainIdAsync(ct) is var nodeChainId && chainAddresses.ChainId != nodeChainId)
                {
                    await output.WriteLineAsync($"MISMATCH chain id: the node at {rpcUrl} is chain {nodeChainId}, the address file names chain {chainAddresses.ChainId}: wrong --rpc or --addresses");
                    await output.WriteLineAsync("Result: chain id MISMATCH, no slot verified.");
                    return 1;
                }

                if (chain is not null)
                {
                    var number = await chain.VersionForAsync(expected.CodeHash, expected.ParametersHash, ct);
                    expected = expected with { VersionNumber = number == 0 ? null : number };
                }

                var completeRange = sessionId is null ? (start, end) : ((DateTimeOffset, DateTimeOffset)?)null;
                verdicts = await new SlotVerifier(expected, chain, TimeSpan.FromMinutes(maxCommitDelay)).VerifyAsync(plans, slotRecords, completeRange, ct);
                if (chain is not null && dbPath is not null)
                {
                    // A range judges the sessions that overlap it; one session, only itself. Settlements unknown to
                    // the archive are a finding of a whole range, not of one driver's question.
                    Func<ArchivedSession, bool> selected = sessionId is not null
                        ? s => string.Equals(s.SessionKey, sessionId, StringComparison.Ordinal)
                        : s => s.Facts.StartedAt < end && s.Facts.StoppedAt >= start;
                    sessionVerdicts = await new SettlementVerifier(chain, TimeSpan.FromMinutes(settleDelay))
                        .VerifyAsync(finishedSessions, selected, transactionIds, sessionId is null ? start : null, ct);
                }
            }
            catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException or Nethereum.JsonRpc.Client.RpcResponseException)
            {
                // No verdict at all rather than a slot-by-slot "missing on chain" that would blame the operator.
                await error.WriteLineAsync($"error: the chain node at {rpcUrl} does not answer: {e.Message}");
                return 2;
            }

            var settlementDescription = sessionVerdicts is not null
                ? $"recomputed from the archive's meter values and requests at ChargingSettlement {chainAddresses!.ChargingSettlement}'s rates; a settlement later than {settleDelay} min after its stop is missing"
                : chain is null ? "NOT CHECKED (no --rpc/--addresses)" : "NOT CHECKED (no --db: the daily archive files carry no sessions)";
            await VerificationReport.WriteAsync(output, expected, AlgorithmIdentity.BuildConfiguration, chainDescription, verdicts, settlementDescription, sessionVerdicts);
            return verdicts.All(v => v.Passed) && (sessionVerdicts ?? []).All(v => v.Passed) ? 0 : 1;
        });
        return verify;
    }

    private static Command CreateExport()
    {
        var db = new Option<string>("--db") { Description = "The slot archive: the service's SQLite file or a copy of it.", Required = true };
        var from = new Option<string>("--from") { Description = "First slot (ISO 8601, UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (ISO 8601, UTC, exclusive).", Required = true };
        var outDir = new Option<string>("--out") { Description = "A new (or empty) folder for the files and index.json.", Required = true };
        var export = new Command("export", "Write each archived plan's canonical input and output as files, with index.json (slot ids, the hashes committed on chain, the pseudonymous sessions per plan).")
        {
            db, from, to, outDir,
        };
        export.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!TryRange(parse.GetValue(from), parse.GetValue(to), out var start, out var end, out var rangeError))
            {
                await error.WriteLineAsync($"error: {rangeError}");
                return 2;
            }

            try
            {
                await using var database = await ArchiveReader.OpenAsync(parse.GetValue(db)!, ct);
                var plans = await ArchiveReader.PlansAsync(database, start, end, ct);
                var count = await ArchiveExporter.ExportAsync(plans, parse.GetValue(outDir)!, ct);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"Exported {count} plan(s) to {Path.GetFullPath(parse.GetValue(outDir)!)} (see {ArchiveExporter.IndexFileName}).");
                return 0;
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        });
        return export;
    }

    private static bool TryRange(string? fromText, string? toText, out DateTimeOffset from, out DateTimeOffset to, out string error)
    {
        from = ArchiveReader.Beginning;
        to = ArchiveReader.End;
        error = "";
        if (fromText is not null && !ArchiveReader.TryParseInstant(fromText, out from))
        {
            error = $"--from '{fromText}' is not an ISO 8601 instant";
            return false;
        }

        if (toText is not null && !ArchiveReader.TryParseInstant(toText, out to))
        {
            error = $"--to '{toText}' is not an ISO 8601 instant";
            return false;
        }

        if (to <= from)
        {
            error = "--to must be after --from";
            return false;
        }

        return true;
    }
}
