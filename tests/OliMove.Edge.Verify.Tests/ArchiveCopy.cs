using Microsoft.Data.Sqlite;

namespace OliMove.Edge.VerifyTests;

/// <summary>A private copy of the archived day for one test, to tamper with by plain SQL as an attacker with file access would.</summary>
public sealed class ArchiveCopy : IDisposable
{
    private ArchiveCopy(string path) => Path = path;

    public string Path { get; }

    public static async Task<ArchiveCopy> CreateAsync(string source)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "olimove-verify-" + Guid.NewGuid().ToString("N") + ".db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // VACUUM INTO gives one consistent file including whatever is still in the source's WAL.
        command.CommandText = "VACUUM INTO $path;";
        command.Parameters.AddWithValue("$path", path);
        await command.ExecuteNonQueryAsync();
        return new ArchiveCopy(path);
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
