namespace OliMove.Storage;

/// <summary>One embedded schema step: Migrations/{Version:0000}_{Name}.sql.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
