using System.Text.RegularExpressions;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Configuration;
using OliMove.Edge.Users.Outcomes;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// How a card joins an account (decision 0241). The app only claims a card; the claim binds when the card is
/// presented (Authorize or StartTransaction) at a charger of the site within <see cref="CardOptions.ClaimMinutes"/>,
/// or when an operator binds it. Until then the card is nobody's: every reader of id_tags (sessions, receipts,
/// settlement, authorization) sees bound cards only. A card bound to one account is never claimed by another
/// (409); a card claimed by two accounts at once binds to neither when presented (the presenter cannot be told
/// apart), so an attacker who claims a known card number never wins against its owner who claims it too.
/// </summary>
public sealed partial class CardBinding(
    EdgeDatabase database,
    UserRepository users,
    IdTagClaimRepository claims,
    ChainRuntime chain,
    AccountWallet wallets,
    EdgeOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<CardBinding> logger)
{
    /// <summary>A StartTransaction stamped this much before the claim still binds it (charger clocks drift); one from longer before proves nothing.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(2);

    private const string WalletLocation = """{"storedIn":"wallet-vault"}""";

    public TimeSpan ClaimLifetime => TimeSpan.FromMinutes(options.Cards.ClaimMinutes);

    [GeneratedRegex("^[\\x21-\\x7E]{1,20}$")]
    private static partial Regex IdTagPattern();

    /// <summary>OCPP 1.6 IdToken: CiString20Type; printable ASCII without spaces here, as every charger can send it.</summary>
    public static bool IsWellFormed(string? idTag) => idTag is not null && IdTagPattern().IsMatch(idTag);

    public static InvalidInput MalformedIdTag() =>
        new("idTag", "idTag must be 1 to 20 printable characters without spaces (OCPP 1.6 IdToken)");

    public static Conflict TakenIdTag() =>
        new("this card belongs to another account; if it is yours, ask the site's operator");

    /// <summary>The driver asks to add a card: it becomes pending (or stays bound if it is theirs already).</summary>
    public async Task<DeskOutcome<CardView>> ClaimAsync(long userId, string idTag, CancellationToken ct)
    {
        if (!IsWellFormed(idTag))
        {
            return MalformedIdTag();
        }

        if (await users.GetByIdTagAsync(idTag, ct) is { } owner)
        {
            if (owner.Id != userId)
            {
                return TakenIdTag();
            }

            var bound = (await users.ListBoundIdTagsAsync(userId, ct)).First(t => string.Equals(t.IdTag, idTag, StringComparison.OrdinalIgnoreCase));
            return CardView.BoundCard(bound.IdTag, bound.BoundAt);
        }

        var now = time.GetUtcNow();
        var expiresAt = now + ClaimLifetime;
        await claims.ClaimAsync(userId, idTag, now, expiresAt, ct);
        logger.LogInformation("User {User} claimed card {IdTag}; it binds if presented at a charger by {ExpiresAt:o}", userId, idTag, expiresAt);
        return CardView.PendingCard(idTag, expiresAt);
    }

    /// <summary>The driver's cards: bound ones, then the pending claims that are still open.</summary>
    public async Task<IReadOnlyList<CardView>> ListAsync(long userId, CancellationToken ct)
    {
        var bound = await users.ListBoundIdTagsAsync(userId, ct);
        var pending = await claims.ListOpenForUserAsync(userId, time.GetUtcNow(), ct);
        return
        [
            .. bound.Select(t => CardView.BoundCard(t.IdTag, t.BoundAt)),
            .. pending
                .Where(c => !bound.Any(t => string.Equals(t.IdTag, c.IdTag, StringComparison.OrdinalIgnoreCase)))
                .Select(c => CardView.PendingCard(c.IdTag, c.ExpiresAt)),
        ];
    }

    /// <summary>
    /// A card was presented at <paramref name="chargePointId"/> (Authorize, or a StartTransaction stamped
    /// <paramref name="presentedAt"/>): binds it if exactly one account has an open claim on it. Returns whether it bound.
    /// </summary>
    public async Task<bool> BindPresentedAsync(string chargePointId, string idTag, DateTimeOffset presentedAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var open = await claims.ListOpenForIdTagAsync(idTag, now, ct);
        if (open.Count == 0)
        {
            return false;
        }

        if (open.Select(c => c.UserId).Distinct().Count() > 1)
        {
            logger.LogWarning("Card {IdTag} presented at {ChargePoint} is claimed by {Count} accounts; it binds to none of them (an operator can bind it)", idTag, chargePointId, open.Count);
            return false;
        }

        var claim = open[0];
        if (presentedAt < claim.ClaimedAt - ClockTolerance)
        {
            // A start the charger queued while offline, from before the claim: whoever presented the card then did
            // not know of this claim, so it proves nothing about the claimant.
            return false;
        }

        if (!await BindAsync(claim.UserId, claim.IdTag, $"presented:{chargePointId}", ct))
        {
            return false;
        }

        logger.LogInformation("Card {IdTag} is bound to user {User}: presented at {ChargePoint}", claim.IdTag, claim.UserId, chargePointId);
        await AdoptWalletAsync(claim.UserId, claim.IdTag, inBackground: true, ct);
        return true;
    }

    /// <summary>An operator binds a card to an account directly (they checked the card holder some other way).</summary>
    public async Task<DeskOutcome<CardView>> BindByOperatorAsync(string login, string idTag, string operatorName, CancellationToken ct)
    {
        if (!IsWellFormed(idTag))
        {
            return MalformedIdTag();
        }

        if (await users.GetByLoginAsync(login, ct) is not { } user)
        {
            return new NotFound($"there is no account '{login}'");
        }

        try
        {
            await BindAsync(user.Id, idTag, $"operator:{operatorName}", ct);
        }
        catch (IdTagTakenException)
        {
            return TakenIdTag();
        }

        logger.LogInformation("Card {IdTag} is bound to user {User} by operator {Operator}", idTag, user.Id, operatorName);
        await AdoptWalletAsync(user.Id, idTag, inBackground: false, ct);
        var bound = (await users.ListBoundIdTagsAsync(user.Id, ct)).First(t => string.Equals(t.IdTag, idTag, StringComparison.OrdinalIgnoreCase));
        return CardView.BoundCard(bound.IdTag, bound.BoundAt);
    }

    // The card row and the end of every claim on it commit together: a claim never outlives its card's binding.
    private async Task<bool> BindAsync(long userId, string idTag, string boundBy, CancellationToken ct)
    {
        try
        {
            return await database.WriteAsync(async scope =>
            {
                var added = await users.BindIdTagAsync(scope, userId, idTag, boundBy, time.GetUtcNow(), ct);
                await claims.RemoveAllForIdTagAsync(scope, idTag, ct);
                return added;
            }, ct);
        }
        catch (IdTagTakenException) when (boundBy.StartsWith("presented:", StringComparison.Ordinal))
        {
            return false; // an operator bound it to someone else in the meantime
        }
    }

    /// <summary>
    /// The first bound card gives the account its eWallet (the vault keeps one per card). A wallet made at sign-up
    /// for the claimed card is adopted now, a cheap file read; a missing one is created, which costs a scrypt
    /// (~1.5 s), so never on a charger's reply path.
    /// </summary>
    private async Task AdoptWalletAsync(long userId, string idTag, bool inBackground, CancellationToken ct)
    {
        if (chain.Wallets is not { } vault || await users.GetAsync(userId, ct) is not { WalletAddress: null })
        {
            return;
        }

        if (await vault.GetAddressAsync(idTag, ct) is { } existing)
        {
            await wallets.SetAsync(userId, existing, WalletLocation, ct);
            return;
        }

        async Task CreateAsync(CancellationToken token)
        {
            var address = await vault.CreateAccountAsync(idTag, token);
            await wallets.SetAsync(userId, address, WalletLocation, token);
        }

        if (!inBackground)
        {
            await CreateAsync(ct);
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await CreateAsync(lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // The next sign-in creates it (UserAccounts.SignInAsync).
                logger.LogError(ex, "The eWallet of user {User} could not be created after card {IdTag} was bound", userId, idTag);
            }
        });
    }
}
