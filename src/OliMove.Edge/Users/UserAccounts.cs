using System.Text.RegularExpressions;
using OliMove.Edge.Api;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Users.Outcomes;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Sign-up and sign-in. Sign-up creates the user and claims their card: the idTag is only pending until the card
/// is presented at a charger or an operator binds it (<see cref="CardBinding"/>, decision 0241); when the chain is
/// configured the card's eWallet is made ready, and it becomes the account's when the card is bound. Sign-in returns
/// a bearer token that is stored hashed and expires after <see cref="TokenLifetime"/>, and upgrades a password hash
/// of fewer than <see cref="UserPasswordHash.Iterations"/> iterations. The rules of what a login, password and idTag may be are the
/// account's own and checked here, before anything is written; the answer is a <see cref="DeskOutcome{T}"/>.
/// </summary>
public sealed partial class UserAccounts(
    EdgeDatabase database,
    UserRepository users,
    IdTagClaimRepository claims,
    CardBinding cards,
    AccountWallet wallets,
    ApiTokenRepository tokens,
    ChainRuntime chain,
    TimeProvider time,
    ILogger<UserAccounts> logger)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(7);

    [GeneratedRegex("^[A-Za-z0-9._@+-]{3,64}$")]
    private static partial Regex LoginPattern();

    public async Task<DeskOutcome<SignedUp>> SignUpAsync(SignUpBody body, CancellationToken ct)
    {
        if (!LoginPattern().IsMatch(body.Login))
        {
            return new InvalidInput("login", "login must be 3 to 64 letters, digits or . _ @ + -");
        }

        if (body.Password.Length < UserPasswordHash.MinLength || body.Password.Length > UserPasswordHash.MaxLength)
        {
            return new InvalidInput("password", $"the password must have {UserPasswordHash.MinLength} to {UserPasswordHash.MaxLength} characters");
        }

        if (!CardBinding.IsWellFormed(body.IdTag))
        {
            return CardBinding.MalformedIdTag();
        }

        var displayName = string.IsNullOrWhiteSpace(body.DisplayName) ? body.Login : body.DisplayName.Trim();
        if (displayName.Length > 80)
        {
            return new InvalidInput("displayName", "displayName may have at most 80 characters");
        }

        if (await users.GetByLoginAsync(body.Login, ct) is not null)
        {
            return new Conflict($"the login '{body.Login}' is taken");
        }

        if (await users.GetByIdTagAsync(body.IdTag, ct) is not null)
        {
            return CardBinding.TakenIdTag();
        }

        var hash = UserPasswordHash.Hash(body.Password);
        var token = ApiTokenHash.NewToken();
        var now = time.GetUtcNow();
        var expiresAt = now + TokenLifetime;
        var card = CardView.PendingCard(body.IdTag, now + cards.ClaimLifetime);
        long userId;
        try
        {
            // The account, its card claim and its first token commit together: a sign-up answered with an error
            // (e.g. 507 on a full disk) leaves no half-made account behind whose login would then be "taken".
            userId = await database.WriteAsync(async scope =>
            {
                var id = await users.CreateAsync(scope, body.Login, displayName, hash, now, ct);
                await claims.ClaimAsync(scope, id, body.IdTag, now, card.ExpiresAt!.Value, ct);
                await tokens.CreateAsync(scope, token, ApiTokenRole.User, id, $"user:{body.Login}", expiresAt, now, ct);
                return id;
            }, ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // A concurrent sign-up took the login between the check and the insert (UNIQUE constraint).
            return new Conflict($"the login '{body.Login}' is taken");
        }

        string? wallet = null;
        if (chain.Wallets is { } vault)
        {
            try
            {
                // The card's wallet, made now while the driver waits anyway; the account adopts it when the card is
                // bound (CardBinding), so a card that turns out to be someone else's never gives its wallet away.
                wallet = await vault.CreateAccountAsync(body.IdTag, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || StorageFault.Of(ex) is not null)
            {
                // The account exists; the wallet is created when the card is bound (CreateAccountAsync is idempotent).
                logger.LogError(ex, "The eWallet of user {User} could not be created", userId);
                wallet = null;
            }
        }

        return new SignedUp(userId, body.Login, displayName, card, wallet, token, expiresAt);
    }

    public async Task<DeskOutcome<SignedIn>> SignInAsync(SignInBody body, CancellationToken ct)
    {
        var user = body.Login.Length <= 64 ? await users.GetByLoginAsync(body.Login, ct) : null;
        // Same answer for an unknown login and a wrong password: the API does not tell which logins exist.
        if (user is null || body.Password.Length > UserPasswordHash.MaxLength || !UserPasswordHash.Verify(body.Password, user.PasswordHash))
        {
            return new CredentialsRejected("wrong login or password");
        }

        if (UserPasswordHash.NeedsUpgrade(user.PasswordHash))
        {
            // The only moment the password is at hand: the stored hash moves to today's iteration count.
            await users.SetPasswordHashAsync(user.Id, UserPasswordHash.Hash(body.Password), ct);
        }

        if (chain.Wallets is { } vault && user.WalletAddress is null)
        {
            var tags = await users.ListIdTagsAsync(user.Id, ct);
            if (tags.Count > 0)
            {
                var wallet = await vault.CreateAccountAsync(tags[0], ct);
                await wallets.SetAsync(user.Id, wallet, """{"storedIn":"wallet-vault"}""", ct);
            }
        }

        var token = await IssueTokenAsync(user.Id, user.Login, ct);
        return new SignedIn(user.Id, user.Login, user.DisplayName, token.Token, token.ExpiresAt);
    }

    /// <summary>Re-authentication for a sensitive action: whether <paramref name="password"/> is the account's.</summary>
    public async Task<bool> VerifyPasswordAsync(long userId, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password) || password.Length > UserPasswordHash.MaxLength)
        {
            return false;
        }

        var user = await users.GetAsync(userId, ct);
        return user is not null && UserPasswordHash.Verify(password, user.PasswordHash);
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> IssueTokenAsync(long userId, string login, CancellationToken ct)
    {
        var token = ApiTokenHash.NewToken();
        var expiresAt = time.GetUtcNow() + TokenLifetime;
        await tokens.CreateAsync(token, ApiTokenRole.User, userId, $"user:{login}", expiresAt, time.GetUtcNow(), ct);
        return (token, expiresAt);
    }
}
