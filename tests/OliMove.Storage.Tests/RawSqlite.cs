using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>SQL run on a file behind the product's back: to build an old schema or shape a migration starts from.</summary>
internal static class RawSqlite
{
    public static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
