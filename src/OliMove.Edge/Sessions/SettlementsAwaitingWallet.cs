using OliMove.Edge.Users;
using OliMove.Storage;

namespace OliMove.Edge.Sessions;

/// <summary>
/// The chain settlements of a user's sessions that were settled while the account had no eWallet (decision 0393):
/// the receipt already shows their tokens, so they are queued when the account gets its wallet, in the same unit of
/// work. The outbox key is the session's, so a settlement already queued (or minted) is never queued twice.
/// </summary>
public sealed class SettlementsAwaitingWallet(SessionSettlementRepository settlements, ChainOutboxRepository outbox, TimeProvider time)
{
    /// <summary>Queues the user's settlements that have no outbox item yet for <paramref name="walletAddress"/>; returns how many.</summary>
    public async Task<int> EnqueueAsync(WriteScope scope, long userId, string walletAddress, CancellationToken ct)
    {
        var queued = 0;
        foreach (var settlement in await settlements.ListOfUserAsync(scope, userId, CardBinding.ClockTolerance, ct))
        {
            var entry = SessionSettler.ChainEntry(
                settlement.TransactionId, walletAddress, (long)settlement.EnergyWh, SessionSettler.FlexibilityWhH(settlement));
            if (await outbox.EnqueueAsync(scope, entry.Kind, entry.Key, entry.PayloadJson, time.GetUtcNow(), ct))
            {
                queued++;
            }
        }

        return queued;
    }
}
