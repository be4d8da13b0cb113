using OliMove.Edge.Planning;
using OliMove.Edge.Sessions;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Gives an account its eWallet, the one way every caller does it (sign-in, card binding): the address and the chain
/// settlements its sessions waited for (<see cref="SettlementsAwaitingWallet"/>) commit together, so tokens a
/// receipt promised are minted once the account has a wallet, and an account never has a wallet without them.
/// </summary>
public sealed class AccountWallet(
    EdgeDatabase database,
    UserRepository users,
    SettlementsAwaitingWallet awaiting,
    OutboxSignal outboxSignal,
    ILogger<AccountWallet> logger)
{
    public async Task SetAsync(long userId, string walletAddress, string keystoreJson, CancellationToken ct)
    {
        var queued = await database.WriteAsync(async scope =>
        {
            await users.SetWalletAsync(scope, userId, walletAddress, keystoreJson, ct);
            return await awaiting.EnqueueAsync(scope, userId, walletAddress, ct);
        }, ct);
        if (queued > 0)
        {
            outboxSignal.Wake();
            logger.LogInformation("User {User} has an eWallet: {Count} settlement(s) that waited for it are queued for the chain", userId, queued);
        }
    }
}
