using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>EV users, their idTags and their eWallet. Secrets arrive already hashed or encrypted; this class never sees them in clear.</summary>
public sealed class UserRepository
{
    private const string Columns = "id, login, display_name, password_hash, wallet_address, keystore_json, created_at";

    private readonly EdgeDatabase _db;

    public UserRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Creates a user and returns its id. Logins are unique, case-insensitively (<see cref="LoginTakenException"/>).</summary>
    public async Task<long> CreateAsync(WriteScope scope, string login, string displayName, string? passwordHash, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        await using var command = scope.CreateCommand("""
            INSERT INTO users (login, display_name, password_hash, created_at) VALUES ($login, $name, $hash, $now)
            ON CONFLICT (login) DO NOTHING
            RETURNING id;
            """);
        command.Parameters.AddWithValue("$login", login);
        command.Parameters.AddWithValue("$name", displayName);
        command.Parameters.AddNullable("$hash", passwordHash);
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        return await command.ExecuteScalarAsync(ct) is long id ? id : throw new LoginTakenException(login);
    }

    public Task<long> CreateAsync(string login, string displayName, string? passwordHash, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => CreateAsync(scope, login, displayName, passwordHash, now, ct), ct);

    public async Task SetPasswordHashAsync(WriteScope scope, long userId, string passwordHash, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        await UpdateAsync(scope, userId, "password_hash = $hash", p => p.AddWithValue("$hash", passwordHash), ct);
    }

    public Task SetPasswordHashAsync(long userId, string passwordHash, CancellationToken ct = default) =>
        _db.WriteAsync(scope => SetPasswordHashAsync(scope, userId, passwordHash, ct), ct);

    public async Task SetDisplayNameAsync(WriteScope scope, long userId, string displayName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        await UpdateAsync(scope, userId, "display_name = $name", p => p.AddWithValue("$name", displayName), ct);
    }

    public Task SetDisplayNameAsync(long userId, string displayName, CancellationToken ct = default) =>
        _db.WriteAsync(scope => SetDisplayNameAsync(scope, userId, displayName, ct), ct);

    /// <summary>Stores the user's eWallet: its address and its encrypted keystore JSON.</summary>
    public async Task SetWalletAsync(WriteScope scope, long userId, string walletAddress, string keystoreJson, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(walletAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(keystoreJson);
        await UpdateAsync(scope, userId, "wallet_address = $address, keystore_json = $keystore", p =>
        {
            p.AddWithValue("$address", walletAddress);
            p.AddWithValue("$keystore", keystoreJson);
        }, ct);
    }

    public Task SetWalletAsync(long userId, string walletAddress, string keystoreJson, CancellationToken ct = default) =>
        _db.WriteAsync(scope => SetWalletAsync(scope, userId, walletAddress, keystoreJson, ct), ct);

    /// <summary>The user's eWallet address as the unit of work sees it (null without a wallet or user): what a write that depends on it must read.</summary>
    public async Task<string?> GetWalletAddressAsync(WriteScope scope, long userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand("SELECT wallet_address FROM users WHERE id = $id;");
        command.Parameters.AddWithValue("$id", userId);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// Links an idTag to the user, recorded as bound "direct" (by the caller, e.g. a tool or a test); the product binds
    /// cards through <see cref="BindIdTagAsync(WriteScope, long, string, string, DateTimeOffset, CancellationToken)"/>
    /// with the proof. Linking it again to the same user is a no-op (returns false); an idTag of another user throws
    /// <see cref="IdTagTakenException"/>. idTags compare case-insensitively (OCPP CiString20Type).
    /// </summary>
    public Task<bool> AddIdTagAsync(WriteScope scope, long userId, string idTag, DateTimeOffset now, CancellationToken ct = default) =>
        BindIdTagAsync(scope, userId, idTag, "direct", now, ct);

    /// <summary>
    /// Makes the card the user's, noting how that was proven in <paramref name="boundBy"/>. Binding it again to
    /// the same user is a no-op (returns false); a card of another user throws <see cref="IdTagTakenException"/>.
    /// </summary>
    public async Task<bool> BindIdTagAsync(WriteScope scope, long userId, string idTag, string boundBy, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(idTag);
        ArgumentException.ThrowIfNullOrWhiteSpace(boundBy);
        if (idTag.Length > 20)
        {
            throw new ArgumentException($"idTag '{idTag}' is longer than the 20 characters OCPP 1.6 allows (IdToken, CiString20Type).", nameof(idTag));
        }

        await using (var owner = scope.CreateCommand("SELECT user_id FROM id_tags WHERE id_tag = $tag;"))
        {
            owner.Parameters.AddWithValue("$tag", idTag);
            if (await owner.ExecuteScalarAsync(ct) is long ownerId)
            {
                return ownerId == userId ? false : throw new IdTagTakenException(idTag, ownerId);
            }
        }

        await using var insert = scope.CreateCommand("INSERT INTO id_tags (id_tag, user_id, created_at, bound_by) VALUES ($tag, $user, $now, $by);");
        insert.Parameters.AddWithValue("$tag", idTag);
        insert.Parameters.AddWithValue("$user", userId);
        insert.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        insert.Parameters.AddWithValue("$by", boundBy);
        await insert.ExecuteNonQueryAsync(ct);
        return true;
    }

    public Task<bool> AddIdTagAsync(long userId, string idTag, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => AddIdTagAsync(scope, userId, idTag, now, ct), ct);

    /// <summary>Unlinks the idTag from the user; returns false if it was not theirs.</summary>
    public async Task<bool> RemoveIdTagAsync(WriteScope scope, long userId, string idTag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand("DELETE FROM id_tags WHERE id_tag = $tag AND user_id = $user;");
        command.Parameters.AddWithValue("$tag", idTag);
        command.Parameters.AddWithValue("$user", userId);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public Task<bool> RemoveIdTagAsync(long userId, string idTag, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RemoveIdTagAsync(scope, userId, idTag, ct), ct);

    public async Task<UserRecord?> GetAsync(long userId, CancellationToken ct = default) =>
        await QuerySingleAsync("WHERE id = $id", p => p.AddWithValue("$id", userId), ct);

    public async Task<UserRecord?> GetByLoginAsync(string login, CancellationToken ct = default) =>
        await QuerySingleAsync("WHERE login = $login", p => p.AddWithValue("$login", login), ct);

    /// <summary>The user an idTag belongs to (case-insensitive), or null.</summary>
    public async Task<UserRecord?> GetByIdTagAsync(string idTag, CancellationToken ct = default) =>
        await QuerySingleAsync("WHERE id = (SELECT user_id FROM id_tags WHERE id_tag = $tag)", p => p.AddWithValue("$tag", idTag), ct);

    public Task<IReadOnlyList<string>> ListIdTagsAsync(long userId, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id_tag FROM id_tags WHERE user_id = $user ORDER BY id_tag;";
            command.Parameters.AddWithValue("$user", userId);
            var tags = new List<string>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                tags.Add(r.GetString(0));
            }

            return tags;
        }, ct);

    /// <summary>The user's bound cards with how and when each was bound, by idTag.</summary>
    public Task<IReadOnlyList<BoundIdTag>> ListBoundIdTagsAsync(long userId, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<BoundIdTag>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id_tag, bound_by, created_at FROM id_tags WHERE user_id = $user ORDER BY id_tag;";
            command.Parameters.AddWithValue("$user", userId);
            var tags = new List<BoundIdTag>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                tags.Add(new BoundIdTag(r.GetString(0), r.GetString(1), r.GetTime(2)));
            }

            return tags;
        }, ct);

    private static async Task UpdateAsync(WriteScope scope, long userId, string assignments, Action<SqliteParameterCollection> bind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand($"UPDATE users SET {assignments} WHERE id = $id;");
        command.Parameters.AddWithValue("$id", userId);
        bind(command.Parameters);
        if (await command.ExecuteNonQueryAsync(ct) == 0)
        {
            throw new KeyNotFoundException($"User {userId} does not exist.");
        }
    }

    private Task<UserRecord?> QuerySingleAsync(string where, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM users {where};";
            bind(command.Parameters);
            await using var r = await command.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct)
                ? new UserRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(3), r.GetStringOrNull(4), r.GetStringOrNull(5), r.GetTime(6))
                : null;
        }, ct);
}
