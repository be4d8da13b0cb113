namespace OliMove.Storage;

/// <summary>The persisted authorization cache (OCPP 1.6 §3.5): the backend's last idTagInfo per idTag.</summary>
public sealed class AuthorizationCacheRepository(EdgeDatabase db)
{
    public Task PutAsync(CachedAuthorization entry, CancellationToken ct = default) =>
        db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand("""
                INSERT INTO upstream_authorization_cache (id_tag, status, parent_id_tag, expires_at, updated_at)
                VALUES ($tag, $status, $parent, $expires, $now)
                ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, parent_id_tag = excluded.parent_id_tag,
                    expires_at = excluded.expires_at, updated_at = excluded.updated_at;
                """);
            command.Parameters.AddWithValue("$tag", entry.IdTag);
            command.Parameters.AddWithValue("$status", entry.Status);
            command.Parameters.AddNullable("$parent", entry.ParentIdTag);
            command.Parameters.AddWithValue("$expires", StoredTime.ToDb(entry.ExpiresAt));
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(entry.UpdatedAt));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<CachedAuthorization?> GetAsync(string idTag, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id_tag, status, parent_id_tag, expires_at, updated_at FROM upstream_authorization_cache WHERE id_tag = $tag;";
            command.Parameters.AddWithValue("$tag", idTag);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new CachedAuthorization(reader.GetString(0), reader.GetString(1), reader.GetStringOrNull(2), reader.GetTimeOrNull(3), reader.GetTime(4))
                : null;
        }, ct);
}
