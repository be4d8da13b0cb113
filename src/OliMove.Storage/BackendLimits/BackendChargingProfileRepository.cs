namespace OliMove.Storage;

/// <summary>
/// The CPO backend's charging profiles per charger (migration 0008). Replacement and clearing follow the charger's
/// own rules (OCPP 1.6 §3.13.2, §5.16.3/4, §5.5), so that the backend sees the edge behave like the charger would.
/// </summary>
public sealed class BackendChargingProfileRepository
{
    private const string Columns = "charge_point_id, profile_id, connector_id, purpose, stack_level, transaction_id, profile_json, stored_at";

    private readonly EdgeDatabase _db;

    public BackendChargingProfileRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Stores <paramref name="profile"/>, replacing the charger's profile with the same id and the one with the same
    /// stack level and purpose on the same connector (a connector-0 default is replaced only for that connector,
    /// §3.13.1). Returns how many stored profiles it replaced. Committed when the returned task completes.
    /// </summary>
    public Task<int> PutAsync(BackendChargingProfileRecord profile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return _db.WriteAsync(async scope =>
        {
            int replaced;
            await using (var delete = scope.CreateCommand("""
                DELETE FROM backend_charging_profiles
                WHERE charge_point_id = $cp
                  AND (profile_id = $id OR (connector_id = $connector AND purpose = $purpose AND stack_level = $stack));
                """))
            {
                delete.Parameters.AddWithValue("$cp", profile.ChargePointId);
                delete.Parameters.AddWithValue("$id", profile.ProfileId);
                delete.Parameters.AddWithValue("$connector", profile.ConnectorId);
                delete.Parameters.AddWithValue("$purpose", profile.Purpose);
                delete.Parameters.AddWithValue("$stack", profile.StackLevel);
                replaced = await delete.ExecuteNonQueryAsync(ct);
            }

            await using var insert = scope.CreateCommand($"""
                INSERT INTO backend_charging_profiles ({Columns})
                VALUES ($cp, $id, $connector, $purpose, $stack, $tx, $json, $at);
                """);
            insert.Parameters.AddWithValue("$cp", profile.ChargePointId);
            insert.Parameters.AddWithValue("$id", profile.ProfileId);
            insert.Parameters.AddWithValue("$connector", profile.ConnectorId);
            insert.Parameters.AddWithValue("$purpose", profile.Purpose);
            insert.Parameters.AddWithValue("$stack", profile.StackLevel);
            insert.Parameters.AddNullable("$tx", profile.TransactionId);
            insert.Parameters.AddWithValue("$json", profile.ProfileJson);
            insert.Parameters.AddWithValue("$at", StoredTime.ToDb(profile.StoredAt));
            await insert.ExecuteNonQueryAsync(ct);
            return replaced;
        }, ct);
    }

    /// <summary>
    /// Removes the charger's profiles that <paramref name="filter"/> matches: by id when one is given (the other
    /// criteria are then not consulted), else those matching every criterion given. Returns how many it removed.
    /// </summary>
    public Task<int> ClearAsync(string chargePointId, BackendChargingProfileFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return _db.WriteAsync(async scope =>
        {
            await using var delete = scope.CreateCommand(filter.ProfileId is not null
                ? "DELETE FROM backend_charging_profiles WHERE charge_point_id = $cp AND profile_id = $id;"
                : """
                  DELETE FROM backend_charging_profiles
                  WHERE charge_point_id = $cp
                    AND ($connector IS NULL OR connector_id = $connector)
                    AND ($purpose IS NULL OR purpose = $purpose)
                    AND ($stack IS NULL OR stack_level = $stack);
                  """);
            delete.Parameters.AddWithValue("$cp", chargePointId);
            if (filter.ProfileId is { } id)
            {
                delete.Parameters.AddWithValue("$id", id);
            }
            else
            {
                delete.Parameters.AddNullable("$connector", filter.ConnectorId);
                delete.Parameters.AddNullable("$purpose", filter.Purpose);
                delete.Parameters.AddNullable("$stack", filter.StackLevel);
            }

            return await delete.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>
    /// Removes TxProfiles whose transaction has ended: a TxProfile holds for its transaction only (OCPP 1.6 §3.13.1).
    /// Returns how many it removed.
    /// </summary>
    public Task<int> RemoveEndedTxProfilesAsync(CancellationToken ct = default) =>
        _db.WriteAsync(async scope =>
        {
            await using var delete = scope.CreateCommand("""
                DELETE FROM backend_charging_profiles
                WHERE purpose = 'TxProfile'
                  AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.id = backend_charging_profiles.transaction_id AND t.stopped_at IS NULL);
                """);
            return await delete.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>Every stored profile, by charger and profile id.</summary>
    public Task<IReadOnlyList<BackendChargingProfileRecord>> ListAsync(CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<BackendChargingProfileRecord>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM backend_charging_profiles ORDER BY charge_point_id, profile_id;";
            await using var r = await command.ExecuteReaderAsync(ct);
            var list = new List<BackendChargingProfileRecord>();
            while (await r.ReadAsync(ct))
            {
                list.Add(new BackendChargingProfileRecord(
                    r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetString(3), r.GetInt32(4), r.GetInt64OrNull(5), r.GetString(6), r.GetTime(7)));
            }

            return list;
        }, ct);
}
