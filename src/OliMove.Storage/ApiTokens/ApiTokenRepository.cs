using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// API tokens, stored as their SHA-256 only. A token is a long random secret, so an unsalted fast hash
/// suffices (unlike a password): a leaked file does not reveal usable tokens.
/// </summary>
public sealed class ApiTokenRepository
{
    private const string Columns = "id, role, user_id, label, created_at, expires_at, revoked_at";
    private const int MinimumTokenLength = 16;

    private readonly EdgeDatabase _db;

    public ApiTokenRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Registers a token the caller generated (at least 16 characters; e.g. 32 random bytes in base64url)
    /// and returns its id. A <see cref="ApiTokenRole.User"/> token needs a user id; the others may have none.
    /// </summary>
    public async Task<long> CreateAsync(WriteScope scope, string token, ApiTokenRole role, long? userId, string label, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (token.Length < MinimumTokenLength)
        {
            throw new ArgumentException($"An API token must have at least {MinimumTokenLength} characters.", nameof(token));
        }

        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown API token role.");
        }

        if (role == ApiTokenRole.User && userId is null)
        {
            throw new ArgumentException("A user token must name its user.", nameof(userId));
        }

        await using var command = scope.CreateCommand("""
            INSERT INTO api_tokens (token_sha256, role, user_id, label, created_at, expires_at)
            VALUES ($hash, $role, $user, $label, $now, $expires)
            RETURNING id;
            """);
        command.Parameters.AddWithValue("$hash", Hash(token));
        command.Parameters.AddWithValue("$role", role.ToString().ToLowerInvariant());
        command.Parameters.AddNullable("$user", userId);
        command.Parameters.AddWithValue("$label", label);
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        command.Parameters.AddWithValue("$expires", StoredTime.ToDb(expiresAt));
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public Task<long> CreateAsync(string token, ApiTokenRole role, long? userId, string label, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => CreateAsync(scope, token, role, userId, label, expiresAt, now, ct), ct);

    /// <summary>The grant of a presented token if it exists, is not revoked and has not expired at <paramref name="now"/>; otherwise null.</summary>
    public Task<ApiTokenRecord?> FindValidAsync(string token, DateTimeOffset now, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Task.FromResult<ApiTokenRecord?>(null);
        }

        return _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {Columns} FROM api_tokens
                WHERE token_sha256 = $hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $now);
                """;
            command.Parameters.AddWithValue("$hash", Hash(token));
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            await using var r = await command.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct) ? Read(r) : null;
        }, ct);
    }

    /// <summary>Revokes a token; returns false if it does not exist or was already revoked.</summary>
    public async Task<bool> RevokeAsync(WriteScope scope, long tokenId, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand("UPDATE api_tokens SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL;");
        command.Parameters.AddWithValue("$id", tokenId);
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public Task<bool> RevokeAsync(long tokenId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RevokeAsync(scope, tokenId, now, ct), ct);

    /// <summary>Revokes the presented token (sign-out); returns false if it is unknown or already revoked.</summary>
    public Task<bool> RevokeTokenAsync(string token, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return _db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand("UPDATE api_tokens SET revoked_at = $now WHERE token_sha256 = $hash AND revoked_at IS NULL;");
            command.Parameters.AddWithValue("$hash", Hash(token));
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    /// <summary>Revokes every token of the user that is not revoked yet; returns how many.</summary>
    public Task<int> RevokeAllOfUserAsync(long userId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand("UPDATE api_tokens SET revoked_at = $now WHERE user_id = $user AND revoked_at IS NULL;");
            command.Parameters.AddWithValue("$user", userId);
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>All tokens (never their secrets), newest first.</summary>
    public Task<IReadOnlyList<ApiTokenRecord>> ListAsync(CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<ApiTokenRecord>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM api_tokens ORDER BY id DESC;";
            var tokens = new List<ApiTokenRecord>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                tokens.Add(Read(r));
            }

            return tokens;
        }, ct);

    private static ApiTokenRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), Enum.Parse<ApiTokenRole>(r.GetString(1), ignoreCase: true), r.GetInt64OrNull(2), r.GetString(3),
        r.GetTime(4), r.GetTimeOrNull(5), r.GetTimeOrNull(6));

    private static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
