namespace OliMove.Storage;

/// <summary>
/// Binds the database to its site and chain deployment, once, and refuses any other afterwards: the chain records
/// of a site are keyed by its site id, and the outbox takes a record it finds on chain as its own only under that
/// key, so a database must never write for another site or deployment than the one it was made on.
/// </summary>
public sealed class SiteIdentityRepository(EdgeDatabase db)
{
    /// <summary>
    /// On start: binds a new database to <paramref name="siteId"/> (and <paramref name="chain"/> when given and not
    /// bound yet), or checks that it is bound to them. Throws <see cref="SiteIdentityMismatchException"/> with a
    /// sentence saying what differs, changing nothing. A database bound to a chain may start without one (writes
    /// then wait in the outbox).
    /// </summary>
    public async Task<SiteIdentity> BindAsync(string siteId, ChainBinding? chain, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        var existing = await GetAsync(ct);
        if (existing is not null && !string.Equals(existing.SiteId, siteId, StringComparison.Ordinal))
        {
            throw new SiteIdentityMismatchException(
                $"This database belongs to site '{existing.SiteId}' (since {existing.BoundAt:u}), but the site map is site '{siteId}'. " +
                "A database restored onto another site would write its records under the wrong site; start with this site's own database (or a new, empty one).");
        }

        if (existing?.Chain is { } bound && chain is not null && !bound.SameAs(chain))
        {
            throw new SiteIdentityMismatchException(
                $"This database of site '{siteId}' writes to {bound}, but the configuration names {chain}. " +
                "Its outbox and settlements belong to that deployment; point Chain.AddressesFile and Chain.RpcUrl back at it, or start with a new database for the new deployment.");
        }

        if (existing is not null && (existing.Chain is not null || chain is null))
        {
            return existing;
        }

        await db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand(existing is null
                ? """
                  INSERT INTO site_identity (singleton, site_id, bound_at, chain_id, asset_registry, algorithm_registry, asset_status, charging_settlement, flex_token, chain_bound_at)
                  VALUES (1, $site, $now, $chain, $registry, $algorithms, $status, $settlement, $token, $chainAt);
                  """
                : """
                  UPDATE site_identity SET chain_id = $chain, asset_registry = $registry, algorithm_registry = $algorithms,
                      asset_status = $status, charging_settlement = $settlement, flex_token = $token, chain_bound_at = $chainAt
                  WHERE singleton = 1 AND chain_id IS NULL;
                  """);
            command.Parameters.AddWithValue("$site", siteId);
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            command.Parameters.AddWithValue("$chain", (object?)chain?.ChainId ?? DBNull.Value);
            command.Parameters.AddWithValue("$registry", (object?)chain?.AssetRegistry ?? DBNull.Value);
            command.Parameters.AddWithValue("$algorithms", (object?)chain?.AlgorithmRegistry ?? DBNull.Value);
            command.Parameters.AddWithValue("$status", (object?)chain?.AssetStatus ?? DBNull.Value);
            command.Parameters.AddWithValue("$settlement", (object?)chain?.ChargingSettlement ?? DBNull.Value);
            command.Parameters.AddWithValue("$token", (object?)chain?.FlexToken ?? DBNull.Value);
            command.Parameters.AddWithValue("$chainAt", chain is null ? DBNull.Value : StoredTime.ToDb(now));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);
        return (await GetAsync(ct))!;
    }

    public Task<SiteIdentity?> GetAsync(CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT site_id, bound_at, chain_id, asset_registry, algorithm_registry, asset_status, charging_settlement, flex_token, chain_bound_at
                FROM site_identity WHERE singleton = 1;
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var chain = reader.IsDBNull(2)
                ? null
                : new ChainBinding(reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7));
            return (SiteIdentity?)new SiteIdentity(
                reader.GetString(0),
                StoredTime.FromDb(reader.GetInt64(1)),
                chain,
                reader.IsDBNull(8) ? null : StoredTime.FromDb(reader.GetInt64(8)));
        }, ct);
}
