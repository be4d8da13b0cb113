namespace OliMove.Storage;

/// <summary>
/// Firmware and diagnostics progress per charge point (FirmwareStatusNotification, DiagnosticsStatusNotification).
/// Stored before the notification is acknowledged; a report older than the stored one does not replace it.
/// </summary>
public sealed class MaintenanceStatusRepository(EdgeDatabase db)
{
    public Task RecordFirmwareStatusAsync(WriteScope scope, string chargePointId, string status, DateTimeOffset at, CancellationToken ct = default) =>
        RecordAsync(scope, chargePointId, "firmware_status", status, at, ct);

    public Task RecordDiagnosticsStatusAsync(WriteScope scope, string chargePointId, string status, DateTimeOffset at, CancellationToken ct = default) =>
        RecordAsync(scope, chargePointId, "diagnostics_status", status, at, ct);

    public Task<MaintenanceStatus> GetAsync(string chargePointId, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT firmware_status, firmware_status_at, diagnostics_status, diagnostics_status_at
                FROM charge_point_maintenance WHERE charge_point_id = $id;
                """;
            command.Parameters.AddWithValue("$id", chargePointId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new MaintenanceStatus(
                    chargePointId,
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.IsDBNull(1) ? null : StoredTime.FromDb(reader.GetInt64(1)),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : StoredTime.FromDb(reader.GetInt64(3)))
                : new MaintenanceStatus(chargePointId, null, null, null, null);
        }, ct);

    private static async Task RecordAsync(WriteScope scope, string chargePointId, string column, string status, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(chargePointId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        // column is one of two constants above, never input.
        await using var command = scope.CreateCommand($"""
            INSERT INTO charge_point_maintenance (charge_point_id, {column}, {column}_at) VALUES ($id, $status, $at)
            ON CONFLICT (charge_point_id) DO UPDATE SET {column} = excluded.{column}, {column}_at = excluded.{column}_at
            WHERE {column}_at IS NULL OR {column}_at <= excluded.{column}_at;
            """);
        command.Parameters.AddWithValue("$id", chargePointId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$at", StoredTime.ToDb(at));
        await command.ExecuteNonQueryAsync(ct);
    }
}
