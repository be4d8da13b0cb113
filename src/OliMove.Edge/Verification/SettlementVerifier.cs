using System.Globalization;
using OliMove.Chain;
using OliMove.Edge.Sessions;

namespace OliMove.Edge.Verification;

/// <summary>
/// Checks the chain's settlements against the archive: each finished session's bill and tokens are recomputed
/// from its meter values, its billed request and P_max with the product's own <see cref="SettlementFigures"/>,
/// at the rates the contract had in the block of its Settled event, and compared with that event (energy, bill,
/// flexibility, tokens, holder) and with the driver's receipt. A session finished locally with a wallet but not
/// settled on chain more than <paramref name="maxSettleDelay"/> after its stop (by the chain's latest block time)
/// is reported, and so is a settlement on chain that names no session the archive holds.
/// </summary>
public sealed class SettlementVerifier(IChainRecords chain, TimeSpan maxSettleDelay)
{
    private readonly Dictionary<ulong, SettlementRates> _rates = [];

    /// <param name="sessions">The archive's finished sessions (all of them: a settlement is matched against any).</param>
    /// <param name="selected">Which of them to judge (a range's or one session's).</param>
    /// <param name="knownTransactions">Every transaction id the archive holds, finished or not.</param>
    /// <param name="unknownFrom">Report on-chain settlements unknown to the archive whose block time is at or after this; null: none (one session asked for).</param>
    public async Task<IReadOnlyList<SessionVerdict>> VerifyAsync(
        IReadOnlyList<ArchivedSession> sessions, Func<ArchivedSession, bool> selected, IReadOnlySet<long> knownTransactions, DateTimeOffset? unknownFrom, CancellationToken ct)
    {
        var onChain = (await chain.SettlementsAsync(ct)).GroupBy(s => s.SessionNumber).ToDictionary(g => g.Key, g => g.ToList());
        var now = await chain.LatestBlockTimeAsync(ct);
        var verdicts = new List<SessionVerdict>();
        foreach (var session in sessions.Where(selected).OrderBy(s => s.TransactionId))
        {
            var findings = new List<VerificationFinding>();
            var where = $"session {session.SessionKey}";
            if (onChain.TryGetValue((ulong)session.TransactionId, out var settled))
            {
                if (settled.Count > 1)
                {
                    findings.Add(new VerificationFinding("settlement", where, $"settled {settled.Count} times on chain (blocks {string.Join(", ", settled.Select(s => s.Block))})"));
                }

                findings.AddRange(await CompareAsync(session, settled[0], where, ct));
            }
            else if (session.WalletAddress is not null && session.Facts.StoppedAt + maxSettleDelay < now)
            {
                findings.Add(new VerificationFinding("settlement", where, $"finished at {Iso(session.Facts.StoppedAt)} for wallet {session.WalletAddress}, never settled on chain (chain time {Iso(now)}, {maxSettleDelay.TotalMinutes:0} min allowed)"));
            }
            else
            {
                // No wallet (nothing goes on chain) or still within the delay (the outbox may be sending it).
                continue;
            }

            verdicts.Add(new SessionVerdict(session.SessionKey, findings));
        }

        if (unknownFrom is { } from)
        {
            var known = knownTransactions.Select(id => (ulong)id).ToHashSet();
            foreach (var (id, settled) in onChain.Where(e => !known.Contains(e.Key)).OrderBy(e => e.Value[0].Block))
            {
                var first = settled[0];
                if (first.SettledAt < from)
                {
                    continue;
                }

                verdicts.Add(new SessionVerdict(ChainIds.SessionKey(id), [new VerificationFinding("settlement", $"session {ChainIds.SessionKey(id)} on chain",
                    $"settled on chain at {Iso(first.SettledAt)} (block {first.Block}: {first.EnergyWh} Wh, {first.Tokens} token base units to {first.User}) for a session the archive does not hold")]));
            }
        }

        return verdicts;
    }

    private async Task<IReadOnlyList<VerificationFinding>> CompareAsync(ArchivedSession session, OnChainSettlement settled, string where, CancellationToken ct)
    {
        var findings = new List<VerificationFinding>();
        var onChain = $"{where} on chain (block {settled.Block})";
        if (session.WalletAddress is null)
        {
            findings.Add(new VerificationFinding("settlement holder", onChain, $"minted to {settled.User}; the archive's user of this session has no wallet"));
        }
        else if (!string.Equals(session.WalletAddress, settled.User, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new VerificationFinding("settlement holder", onChain, $"minted to {settled.User}; the archive bills wallet {session.WalletAddress}"));
        }

        if (!_rates.TryGetValue(settled.Block, out var rates))
        {
            rates = await chain.RatesAtAsync(settled.Block, ct);
            _rates[settled.Block] = rates;
        }

        var figures = SettlementFigures.Compute(session.Facts, rates);
        if (figures.EnergyWh != settled.EnergyWh)
        {
            findings.Add(new VerificationFinding("settlement energy", onChain, $"{settled.EnergyWh} Wh settled; the archived meter values give {figures.EnergyWh} Wh (stop {session.Facts.MeterStopWh} − start {session.Facts.MeterStartWh})"));
        }

        if ((ulong)figures.BillMilliCents != settled.BillMilliCents)
        {
            findings.Add(new VerificationFinding("settlement bill", onChain, $"{settled.BillMilliCents} milli-cents billed; {figures.EnergyWh} Wh at the contract's {rates.TariffCentsPerKWh} ct/kWh give {figures.BillMilliCents}"));
        }

        // A settlement made before schema 18 did not keep P_max: its flexibility cannot be recomputed, only read.
        var flexibilityKnown = session.MaxPowerKnown || !session.Facts.OptedIn;
        if (flexibilityKnown && figures.FlexibilityWhH != settled.FlexibilityWhH)
        {
            findings.Add(new VerificationFinding("settlement flexibility", onChain, $"{settled.FlexibilityWhH} Wh·h settled; the archive (arrival {Iso(session.Facts.StartedAt)}, departure {(session.Facts.DeclaredDeparture is { } d ? Iso(d) : "none")}, stop {Iso(session.Facts.StoppedAt)}, {figures.EnergyWh} Wh, P_max {session.Facts.MaxPowerW} W{(session.Facts.OptedIn ? "" : ", not opted in")}) gives {figures.FlexibilityWhH} Wh·h"));
        }

        var expectedTokens = flexibilityKnown ? figures.TokensBaseUnits : rates.TokensFor(settled.FlexibilityWhH);
        if (expectedTokens != settled.Tokens)
        {
            findings.Add(new VerificationFinding("settlement tokens", onChain, $"{settled.Tokens} base units minted; {(flexibilityKnown ? figures.FlexibilityWhH : settled.FlexibilityWhH)} Wh·h at the contract's {rates.TokensPerWhH} per Wh·h give {expectedTokens}"));
        }

        if (session.Receipt is not { } receipt)
        {
            findings.Add(new VerificationFinding("receipt", where, "settled on chain, but the archive holds no settlement (receipt) for it"));
        }
        else if (receipt.EnergyWh != figures.EnergyWh || receipt.BillMinorUnits != figures.BillMinorUnits || (flexibilityKnown && receipt.TokensBaseUnits != figures.TokensBaseUnits))
        {
            findings.Add(new VerificationFinding("receipt", where, string.Create(CultureInfo.InvariantCulture,
                $"the receipt says {receipt.EnergyWh} Wh, {receipt.BillMinorUnits} ct, {receipt.TokensBaseUnits} token base units; recomputed at the chain's rates: {figures.EnergyWh} Wh, {figures.BillMinorUnits} ct, {figures.TokensBaseUnits}")));
        }

        return findings;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
