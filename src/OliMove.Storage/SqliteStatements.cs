using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>One-off statements (pragmas, schema) on a given connection, outside any repository.</summary>
internal static class SqliteStatements
{
    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
