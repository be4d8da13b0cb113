using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// One unit of work in progress, handed to the callback of <see cref="EdgeDatabase.WriteAsync(Func{WriteScope, Task}, CancellationToken)"/>.
/// Pass it to the repositories' write overloads so that their writes commit together. It is valid only
/// while that callback runs.
/// </summary>
public sealed class WriteScope
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private bool _completed;

    internal WriteScope(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        _connection = connection;
        _transaction = transaction;
        CancellationToken = cancellationToken;
    }

    /// <summary>The token the unit of work was started with.</summary>
    public CancellationToken CancellationToken { get; }

    internal SqliteCommand CreateCommand(string sql)
    {
        if (_completed)
        {
            throw new InvalidOperationException("This WriteScope's unit of work has ended; it cannot be used any more.");
        }

        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    internal async Task ExecuteAsync(string sql)
    {
        await using var command = CreateCommand(sql);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    internal void Complete() => _completed = true;
}
