using System.Text.RegularExpressions;
using OliMove.Edge.Api;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Users.Outcomes;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Sign-up and sign-in. Sign-up creates the user, links their idTag (an idTag belongs to one user) and, when
/// the chain is configured, their eWallet account; sign-in returns a bearer token that is stored hashed and
/// expires after <see cref="TokenLifetime"/>. The rules of what a login, password and idTag may be are the
/// account's own and checked here, before anything is written; the answer is a <see cref="DeskOutcome{T}"/>.
/// </summary>
public sealed partial class UserAccounts(
    EdgeDatabase database,
    UserRepository users,
    ApiTokenRepository tokens,
    ChainRuntime chain,
    TimeProvider time,
    ILogger<UserAccounts> logger)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(7);

    [GeneratedRegex("^[A-Za-z0-9._@+-]{3,64}$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex("^[\\x21-\\x7E]{1,20}$")]
    private static partial Regex IdTagPattern();

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

        if (!IdTagPattern().IsMatch(body.IdTag))
        {
            return new InvalidInput("idTag", "idTag must be 1 to 20 printable characters without spaces (OCPP 1.6 IdToken)");
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
            return new Conflict("this idTag belongs to another account");
        }

        var hash = UserPasswordHash.Hash(body.Password);
        var token = ApiTokenHash.NewToken();
        var expiresAt = time.GetUtcNow() + TokenLifetime;
        long userId;
        try
        {
            // The account, its idTag and its first token commit together: a sign-up answered with an error (e.g.
            // 507 on a full disk) leaves no half-made account behind whose login would then be "taken".
            userId = await database.WriteAsync(async scope =>
            {
                var id = await users.CreateAsync(scope, body.Login, displayName, hash, time.GetUtcNow(), ct);
                await users.AddIdTagAsync(scope, id, body.IdTag, time.GetUtcNow(), ct);
                await tokens.CreateAsync(scope, token, ApiTokenRole.User, id, $"user:{body.Login}", expiresAt, time.GetUtcNow(), ct);
                return id;
            }, ct);
        }
        catch (IdTagTakenException)
        {
            return new Conflict("this idTag belongs to another account");
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
                wallet = await vault.CreateAccountAsync(body.IdTag, ct);
                // The keystore itself stays in the vault (encrypted under the site key); the row records where.
                await users.SetWalletAsync(userId, wallet, """{"storedIn":"wallet-vault"}""", ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || StorageFault.Of(ex) is not null)
            {
                // The account exists; the wallet is created again at the next sign-in (CreateAccountAsync is idempotent).
                logger.LogError(ex, "The eWallet of user {User} could not be created", userId);
                wallet = null;
            }
        }

        return new SignedUp(userId, body.Login, displayName, body.IdTag, wallet, token, expiresAt);
    }

    public async Task<DeskOutcome<SignedIn>> SignInAsync(SignInBody body, CancellationToken ct)
    {
        var user = body.Login.Length <= 64 ? await users.GetByLoginAsync(body.Login, ct) : null;
        // Same answer for an unknown login and a wrong password: the API does not tell which logins exist.
        if (user is null || body.Password.Length > UserPasswordHash.MaxLength || !UserPasswordHash.Verify(body.Password, user.PasswordHash))
        {
            return new CredentialsRejected("wrong login or password");
        }

        if (chain.Wallets is { } vault && user.WalletAddress is null)
        {
            var tags = await users.ListIdTagsAsync(user.Id, ct);
            if (tags.Count > 0)
            {
                var wallet = await vault.CreateAccountAsync(tags[0], ct);
                await users.SetWalletAsync(user.Id, wallet, """{"storedIn":"wallet-vault"}""", ct);
            }
        }

        var token = await IssueTokenAsync(user.Id, user.Login, ct);
        return new SignedIn(user.Id, user.Login, user.DisplayName, token.Token, token.ExpiresAt);
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> IssueTokenAsync(long userId, string login, CancellationToken ct)
    {
        var token = ApiTokenHash.NewToken();
        var expiresAt = time.GetUtcNow() + TokenLifetime;
        await tokens.CreateAsync(token, ApiTokenRole.User, userId, $"user:{login}", expiresAt, time.GetUtcNow(), ct);
        return (token, expiresAt);
    }
}
