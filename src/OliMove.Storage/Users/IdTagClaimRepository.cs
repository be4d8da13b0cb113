using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Claims on cards that are not proven yet (migration 0009). A claim never makes a card anyone's: only a row in
/// id_tags does (<see cref="UserRepository.BindIdTagAsync(WriteScope, long, string, string, DateTimeOffset, CancellationToken)"/>).
/// Several users may claim one card at once; which of them gets it is the caller's rule, not this class's.
/// </summary>
public sealed class IdTagClaimRepository
{
    private const string Columns = "id_tag, user_id, claimed_at, expires_at";

    private readonly EdgeDatabase _db;

    public IdTagClaimRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Claims the card for the user until <paramref name="expiresAt"/>; claiming it again renews the claim. Expired claims are purged on the way.</summary>
    public async Task ClaimAsync(WriteScope scope, long userId, string idTag, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(idTag);
        await using (var purge = scope.CreateCommand("DELETE FROM id_tag_claims WHERE expires_at <= $now;"))
        {
            purge.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            await purge.ExecuteNonQueryAsync(ct);
        }

        await using var command = scope.CreateCommand("""
            INSERT INTO id_tag_claims (id_tag, user_id, claimed_at, expires_at) VALUES ($tag, $user, $now, $expires)
            ON CONFLICT (id_tag, user_id) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at;
            """);
        command.Parameters.AddWithValue("$tag", idTag);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        command.Parameters.AddWithValue("$expires", StoredTime.ToDb(expiresAt));
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task ClaimAsync(long userId, string idTag, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct = default) =>
        _db.WriteAsync(scope => ClaimAsync(scope, userId, idTag, now, expiresAt, ct), ct);

    /// <summary>The claims on a card that are still open at <paramref name="now"/> (case-insensitive, like every idTag), oldest first.</summary>
    public Task<IReadOnlyList<IdTagClaim>> ListOpenForIdTagAsync(string idTag, DateTimeOffset now, CancellationToken ct = default) =>
        ListAsync("WHERE id_tag = $tag AND expires_at > $now ORDER BY claimed_at, user_id", p =>
        {
            p.AddWithValue("$tag", idTag);
            p.AddWithValue("$now", StoredTime.ToDb(now));
        }, ct);

    /// <summary>The user's claims still open at <paramref name="now"/>, by idTag.</summary>
    public Task<IReadOnlyList<IdTagClaim>> ListOpenForUserAsync(long userId, DateTimeOffset now, CancellationToken ct = default) =>
        ListAsync("WHERE user_id = $user AND expires_at > $now ORDER BY id_tag", p =>
        {
            p.AddWithValue("$user", userId);
            p.AddWithValue("$now", StoredTime.ToDb(now));
        }, ct);

    /// <summary>Deletes every claim on the card (it has just been bound); returns how many there were.</summary>
    public async Task<int> RemoveAllForIdTagAsync(WriteScope scope, string idTag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand("DELETE FROM id_tag_claims WHERE id_tag = $tag;");
        command.Parameters.AddWithValue("$tag", idTag);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private Task<IReadOnlyList<IdTagClaim>> ListAsync(string where, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<IdTagClaim>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM id_tag_claims {where};";
            bind(command.Parameters);
            var claims = new List<IdTagClaim>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                claims.Add(new IdTagClaim(r.GetString(0), r.GetInt64(1), r.GetTime(2), r.GetTime(3)));
            }

            return claims;
        }, ct);
}
