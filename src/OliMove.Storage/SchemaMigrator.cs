using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Applies the embedded Migrations/NNNN_name.sql scripts in order, each in its own transaction together
/// with its schema_version row, so a crash mid-migration leaves the file at the previous version. Numbers are
/// reserved per line of work and may leave gaps (decision 0159): every embedded migration not yet recorded in
/// schema_version is applied, not only those above the file's highest version.
/// </summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "OliMove.Storage.Migrations.";

    private static readonly IReadOnlyList<Migration> AllMigrations = LoadMigrations();

    public static int LatestVersion => AllMigrations[^1].Version;

    public static IReadOnlyList<int> Versions => [.. AllMigrations.Select(m => m.Version)];

    public static async Task<int> MigrateAsync(SqliteConnection connection, string path, CancellationToken ct)
    {
        await EdgeDatabase.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT;
            """, ct);

        var current = await ReadVersionAsync(connection, ct);
        if (current > LatestVersion)
        {
            throw new SchemaVersionTooNewException(path, current, LatestVersion);
        }

        var applied = await ReadAppliedAsync(connection, ct);
        foreach (var migration in AllMigrations.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = migration.Sql;
                await command.ExecuteNonQueryAsync(ct);
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at);";
                command.Parameters.AddWithValue("$version", migration.Version);
                command.Parameters.AddWithValue("$name", migration.Name);
                command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            current = Math.Max(current, migration.Version);
        }

        return current;
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var applied = new HashSet<int>();
        while (await reader.ReadAsync(ct))
        {
            applied.Add(reader.GetInt32(0));
        }

        return applied;
    }

    private static IReadOnlyList<Migration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();

        // A duplicate is a packaging mistake: fail loudly rather than apply one of two scripts. A gap is a number
        // reserved for a line of work not merged yet (decision 0159); it is applied when it arrives.
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version < 1 || (i > 0 && migrations[i].Version == migrations[i - 1].Version))
            {
                throw new InvalidOperationException(
                    $"Embedded migrations must have distinct numbers from 1 up; found {string.Join(", ", migrations.Select(m => m.Version))}.");
            }
        }

        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..^".sql".Length];
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration resource '{resourceName}' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Migration resource '{resourceName}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
