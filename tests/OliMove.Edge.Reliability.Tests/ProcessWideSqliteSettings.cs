namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Tests that read or set SQLite's process-wide soft heap limit: any database opened meanwhile by a test running in
/// parallel sets it again, so these run with no other test beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSqliteSettings
{
    public const string Name = "SQLite process-wide settings";
}
