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
    private Dictionary<string, SqliteCommand>? _prepared;
    private List<Action>? _afterCommit;
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

    /// <summary>
    /// The command for <paramref name="sql"/> that stays prepared until the unit of work ends: a group-committed batch
    /// runs the same few statements for hundreds of callers, and preparing each anew cost more than running it. The
    /// caller binds its parameters (they persist between uses: add them once) and must not dispose it; the scope does.
    /// </summary>
    internal SqliteCommand Prepared(string sql)
    {
        _prepared ??= new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        if (!_prepared.TryGetValue(sql, out var command))
        {
            // CreateCommand refuses once the unit of work has ended (Complete also empties this cache).
            command = CreateCommand(sql);
            _prepared[sql] = command;
        }

        return command;
    }

    internal async Task ExecuteAsync(string sql)
    {
        await using var command = CreateCommand(sql);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Runs a parameterless statement that recurs within the unit of work (the savepoints of grouped writes).</summary>
    internal Task ExecutePreparedAsync(string sql) => Prepared(sql).ExecuteNonQueryAsync(CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction holding this unit's writes has committed, before any caller
    /// is answered, in commit order (in-memory copies of stored rows follow the file, never run ahead of it). It never
    /// runs if the writes are rolled back. It must be quick and must not throw.
    /// </summary>
    internal void AfterCommit(Action action)
    {
        if (_completed)
        {
            throw new InvalidOperationException("This WriteScope's unit of work has ended; it cannot be used any more.");
        }

        (_afterCommit ??= []).Add(action);
    }

    /// <summary>How many after-commit actions are registered: a grouped unit's savepoint remembers it.</summary>
    internal int AfterCommitMark => _afterCommit?.Count ?? 0;

    /// <summary>Drops the actions registered since <paramref name="mark"/>: their unit's writes were rolled back to its savepoint.</summary>
    internal void DiscardAfterCommitFrom(int mark)
    {
        if (_afterCommit is { } actions && actions.Count > mark)
        {
            actions.RemoveRange(mark, actions.Count - mark);
        }
    }

    /// <summary>Called by the write gate once the transaction has committed.</summary>
    internal void RunAfterCommit()
    {
        if (_afterCommit is not { } actions)
        {
            return;
        }

        _afterCommit = null;
        foreach (var action in actions)
        {
            action();
        }
    }

    /// <summary>Ends the scope before its transaction commits or rolls back; prepared statements are finalised first.</summary>
    internal void Complete()
    {
        _completed = true;
        if (_prepared is null)
        {
            return;
        }

        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared = null;
    }
}
