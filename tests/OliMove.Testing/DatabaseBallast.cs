using Microsoft.Data.Sqlite;

namespace OliMove.Testing;

/// <summary>
/// Stands in for the other files that fill a real disk: a table of blobs in the service's own SQLite file, written
/// on a connection of its own up to the same size cap as the service's, so that no page is left under the cap.
/// Dropping it frees the space again (the pages go to the file's free list, which the service reuses).
/// </summary>
public static class DatabaseBallast
{
    private const string Table = "test_ballast";

    /// <summary>Fills the file up to <paramref name="capBytes"/>; returns the bytes the ballast took.</summary>
    public static async Task<long> FillAsync(string databaseFile, long capBytes)
    {
        await using var connection = await OpenAsync(databaseFile);
        var pageSize = (long)(await ScalarAsync(connection, "PRAGMA page_size;"))!;
        await ScalarAsync(connection, $"PRAGMA max_page_count = {capBytes / pageSize};");
        await ScalarAsync(connection, $"CREATE TABLE IF NOT EXISTS {Table} (b BLOB NOT NULL);");
        var before = (long)(await ScalarAsync(connection, "PRAGMA page_count;"))!;
        // Big blobs first, then ever smaller ones, until not even the smallest finds a new page.
        foreach (var size in new[] { 256 * 1024, 16 * 1024, 2048, 256, 16 })
        {
            while (await TryInsertAsync(connection, size))
            {
            }
        }

        return ((long)(await ScalarAsync(connection, "PRAGMA page_count;"))! - before) * pageSize;
    }

    /// <summary>Frees what <see cref="FillAsync"/> took.</summary>
    public static async Task DropAsync(string databaseFile)
    {
        await using var connection = await OpenAsync(databaseFile);
        await ScalarAsync(connection, $"DROP TABLE IF EXISTS {Table};");
    }

    private static async Task<bool> TryInsertAsync(SqliteConnection connection, int size)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {Table} (b) VALUES (zeroblob({size}));";
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 13)
        {
            return false;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string databaseFile)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        // The service's writer may hold the write lock for a moment.
        await ScalarAsync(connection, "PRAGMA busy_timeout = 10000;");
        return connection;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
