using System.Numerics;
using OliMove.Chain;
using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Users;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Sessions;

/// <summary>
/// Settles a finished session: energy from the charge point's meter (stop − start) × tariff = bill, and the
/// flexibility the user gave (docs/design.md § Flexibility and tokens) × the CPO's rate = tokens, for opted-in sessions only. The settlement
/// row, the request's completion and the chain write are one SQLite transaction; the outbox key is the
/// transaction id, so settling twice (a replayed StopTransaction) writes nothing twice.
/// </summary>
public sealed class SessionSettler(
    SiteState site,
    EdgeDatabase database,
    TransactionRepository transactions,
    ChargingRequestRepository requests,
    UserRepository users,
    SessionSettlementRepository settlements,
    ChainOutboxRepository outbox,
    OutboxSignal outboxSignal,
    EdgeOptions options,
    TimeProvider time,
    ILogger<SessionSettler> logger)
{
    private static readonly BigInteger TokenBaseUnitsPerToken = BigInteger.Pow(10, 18);

    public async Task SettleAsync(string chargePointId, int transactionId, CancellationToken ct)
    {
        var tx = await transactions.GetAsync(transactionId, ct);
        if (tx is null || tx.ChargePointId != chargePointId || tx.StoppedAt is not { } stoppedAt || tx.MeterStopWh is not { } meterStop)
        {
            return; // an orphan stop (transaction -1 or unknown): nothing to bill
        }

        if (await settlements.GetAsync(tx.Id, ct) is not null)
        {
            return;
        }

        // The request bound to this transaction; else an open one on the connector that is not bound to another
        // session and was made before this one stopped (a late settlement must not take the next driver's request).
        var bound = await requests.GetByTransactionAsync(tx.Id, ct);
        var request = bound is { IsOpen: true } ? bound
            : bound is null && await requests.GetOpenForConnectorAsync(chargePointId, tx.ConnectorId, ct) is { TransactionId: null } open && open.CreatedAt <= stoppedAt ? open
            : null;
        if (request is not null && request.TransactionId != tx.Id && !await SessionOwnership.MayMeetAsync(users, request.UserId, tx.IdTag, ct))
        {
            // Another user's session on a connector this request holds: it settles to its own driver and leaves
            // the request open.
            request = null;
        }

        var user = request is not null ? await users.GetAsync(request.UserId, ct) : await users.GetByIdTagAsync(tx.IdTag, ct);
        var energyWh = Math.Max(0, meterStop - tx.MeterStartWh);
        var connector = site.Topology.FindConnector(chargePointId, tx.ConnectorId);
        var maxPowerW = connector is null ? 0 : SnapshotBuilder.ConnectorPower(connector, site.Topology.NominalVoltageV).MaxW;
        var optedIn = request is { OptIn: true };
        var finished = new FinishedSession(tx.StartedAt, optedIn ? request!.Departure : null, stoppedAt, energyWh, Math.Max(1, maxPowerW), optedIn);
        var cap = (decimal)options.Billing.LaxityCapHours;
        var flexibility = optedIn ? FlexibilityCalculator.FlexibilityKWhH(finished, cap) : 0m;
        var tokens = FlexibilityCalculator.Tokens(finished, cap, options.Billing.TokensPerKWhH);
        var bill = (long)Math.Round(energyWh / 1000m * options.Billing.TariffMinorPerKWh, MidpointRounding.AwayFromZero);
        var settlement = new SessionSettlement(
            tx.Id, energyWh, bill, options.Billing.Currency, (double)flexibility,
            new BigInteger(tokens * 1_000_000m) * TokenBaseUnitsPerToken / 1_000_000, time.GetUtcNow());

        await database.WriteAsync(async scope =>
        {
            if (!await settlements.RecordAsync(scope, settlement, ct))
            {
                return;
            }

            // Only an Active request can complete; any other open one (accepted but never bound, counter-offered)
            // ends with the session, or the settlement would fail on its state and be lost.
            if (request is { State: ChargingRequestState.Active })
            {
                await requests.CompleteAsync(scope, request.Id, time.GetUtcNow(), ct);
            }
            else if (request is not null)
            {
                await requests.CancelAsync(scope, request.Id, time.GetUtcNow(), ct);
            }

            if (user?.WalletAddress is { } address)
            {
                var entry = ChainOutboxEntry.ForSettlement(new SettlementPayload(
                    SessionKey(tx.Id), address, energyWh, (long)Math.Floor(flexibility * 1000m)));
                await outbox.EnqueueAsync(scope, entry.Kind, entry.Key, entry.PayloadJson, time.GetUtcNow(), ct);
            }
        }, ct);
        outboxSignal.Wake();
        logger.LogInformation("Settled transaction {Transaction}: {Energy} Wh, bill {Bill} {Currency}, flexibility {Flex} kWh·h, tokens {Tokens}", tx.Id, energyWh, bill, options.Billing.Currency, flexibility, tokens);
    }

    /// <summary>
    /// Settles every stopped session that has no settlement yet, oldest first: a settlement whose write failed
    /// after the StopTransaction was stored and acknowledged (a full disk, a crash) is made late, never lost.
    /// Returns how many were settled; a storage fault stops the round (the next recovery starts another).
    /// </summary>
    public async Task<int> SettleOutstandingAsync(CancellationToken ct)
    {
        var settled = 0;
        while (true)
        {
            var batch = await transactions.ListStoppedUnsettledAsync(100, ct);
            var before = settled;
            foreach (var tx in batch)
            {
                await SettleAsync(tx.ChargePointId, (int)tx.Id, ct);
                if (await settlements.GetAsync(tx.Id, ct) is not null)
                {
                    settled++;
                }
            }

            if (batch.Count < 100 || settled == before)
            {
                return settled;
            }
        }
    }

    /// <summary>The pseudonymous session key on chain: no idTag or name, only the site and the transaction number.</summary>
    public static string SessionKey(long transactionId) => $"tx-{transactionId}";
}
