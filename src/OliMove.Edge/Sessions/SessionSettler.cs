using OliMove.Chain;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Users;
using OliMove.Storage;

namespace OliMove.Edge.Sessions;

/// <summary>
/// Settles a finished session: energy from the charge point's meter (stop − start) × tariff = bill, and the
/// flexibility the user gave (docs/design.md § Flexibility and tokens) × the CPO's rate = tokens, for opted-in sessions
/// only. Tariff, rate and laxity cap are the contract's (<see cref="SettlementRatesSource"/>), and the receipt is
/// computed in the contract's integers (flexibility in whole Wh·h, tokens = Wh·h × base units per Wh·h), so its
/// tokens are exactly what the chain mints. While a configured chain has never told its rates, a settlement waits
/// (<see cref="SettleOutstandingAsync"/> makes it later). The settlement
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
    ChainRuntime chain,
    EdgeOptions options,
    TimeProvider time,
    ILogger<SessionSettler> logger)
{
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

        if (await chain.Rates.CurrentAsync(ct) is not { } rates)
        {
            logger.LogWarning("Transaction {Transaction} waits for its settlement: the chain has not told its tariff and token rate yet", tx.Id);
            return;
        }

        // The request bound to this transaction; else an open one on the connector that is not bound to another
        // session and was made before this one stopped (a late settlement must not take the next driver's request).
        var bound = await requests.GetByTransactionAsync(tx.Id, ct);
        // A bound request its own stop already completed still counts: a settlement retried later (the chain had not
        // told its rates yet) must not lose the driver's opt-in to the order of the two.
        var request = bound is { IsOpen: true } or { State: ChargingRequestState.Completed } ? bound
            : bound is null && await requests.GetOpenForConnectorAsync(chargePointId, tx.ConnectorId, ct) is { TransactionId: null } open && open.CreatedAt <= stoppedAt ? open
            : null;
        if (request is not null && request.TransactionId != tx.Id && !await SessionOwnership.MayMeetAsync(users, request.UserId, tx.IdTag, ct))
        {
            // Another user's session on a connector this request holds: it settles to its own driver and leaves
            // the request open.
            request = null;
        }

        var user = request is not null ? await users.GetAsync(request.UserId, ct) : await users.GetByIdTagAsync(tx.IdTag, ct);
        var connector = site.Topology.FindConnector(chargePointId, tx.ConnectorId);
        var maxPowerW = Math.Max(1, connector is null ? 0 : SnapshotBuilder.ConnectorPower(connector, site.Topology.NominalVoltageV).MaxW);
        var optedIn = request is { OptIn: true };
        var figures = SettlementFigures.Compute(
            new FinishedSessionFacts(tx.StartedAt, stoppedAt, tx.MeterStartWh, meterStop, optedIn, optedIn ? request!.Departure : null, maxPowerW), rates);
        var energyWh = figures.EnergyWh;
        var flexibilityWhH = figures.FlexibilityWhH;
        var flexibility = figures.FlexibilityKWhH;
        var tokens = figures.TokensBaseUnits;
        var bill = figures.BillMinorUnits;
        // The request and P_max are kept with the figures: `verify` recomputes them from these and the meter values.
        var settlement = new SessionSettlement(
            tx.Id, energyWh, bill, options.Billing.Currency, (double)flexibility, tokens, time.GetUtcNow(), request?.Id, maxPowerW);

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

            // The wallet as this unit of work sees it: one given to the account since `user` was read queued the
            // settlements it found, and this one was not among them yet.
            if (user is not null && await users.GetWalletAddressAsync(scope, user.Id, ct) is { } address)
            {
                var entry = ChainEntry(tx.Id, address, energyWh, flexibilityWhH);
                await outbox.EnqueueAsync(scope, entry.Kind, entry.Key, entry.PayloadJson, time.GetUtcNow(), ct);
            }
            else if (user is not null && tokens > 0)
            {
                // Not lost: queued when the account gets its eWallet (SettlementsAwaitingWallet, decision 0393).
                logger.LogInformation("Transaction {Transaction}'s tokens wait for user {User}'s eWallet (their card is not bound yet)", tx.Id, user.Id);
            }
        }, ct);
        outboxSignal.Wake();
        logger.LogInformation("Settled transaction {Transaction}: {Energy} Wh, bill {Bill} {Currency}, flexibility {Flex} kWh·h, tokens {Tokens} base units", tx.Id, energyWh, bill, options.Billing.Currency, flexibility, tokens);
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

    /// <summary>The outbox item that bills the session and mints its tokens to <paramref name="walletAddress"/>.</summary>
    public static ChainOutboxEntry ChainEntry(long transactionId, string walletAddress, long energyWh, long flexibilityWhH) =>
        ChainOutboxEntry.ForSettlement(new SettlementPayload(SessionKey(transactionId), walletAddress, energyWh, flexibilityWhH));

    /// <summary>The outbox key of the session's chain settlement.</summary>
    public static string ChainKey(long transactionId) => ChainOutboxEntry.SettlementKey(SessionKey(transactionId));

    /// <summary>A stored settlement's flexibility in the contract's whole Wh·h (it is stored as kWh·h = Wh·h / 1000).</summary>
    public static long FlexibilityWhH(SessionSettlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        return (long)Math.Round(settlement.FlexibilityKWhH * 1000, MidpointRounding.AwayFromZero);
    }
}
