using OliMove.Chain;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Which of a driver's cards holds their eWallet. The vault keeps one wallet per card and the account records the
/// address it adopted (<see cref="CardBinding"/>); with several cards, the one whose wallet has that address is
/// the account's, not merely the first card by name.
/// </summary>
public static class UserWallet
{
    /// <returns>The idTag whose wallet is the account's, or null when the account has no bound card with a wallet.</returns>
    public static async Task<string?> IdTagOfAsync(UserRepository users, WalletVault vault, long userId, CancellationToken ct)
    {
        var user = await users.GetAsync(userId, ct);
        var tags = await users.ListIdTagsAsync(userId, ct);
        if (user is null || tags.Count == 0)
        {
            return null;
        }

        if (user.WalletAddress is null)
        {
            // An account from before addresses were recorded on it: its one card's wallet, if the vault has one.
            return await vault.GetAddressAsync(tags[0], ct) is null ? null : tags[0];
        }

        foreach (var tag in tags)
        {
            if (string.Equals(await vault.GetAddressAsync(tag, ct), user.WalletAddress, StringComparison.OrdinalIgnoreCase))
            {
                return tag;
            }
        }

        return null;
    }
}
