using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>
/// The WAL is checkpointed beside the writer (decision 0388): what a commit wrote reaches the database file itself
/// without any commit running the checkpoint (the writer's own threshold is far above these few pages).
/// </summary>
public sealed class WalCheckpointerTests : RegisteredSiteTests
{
    [Fact]
    public async Task Committed_pages_reach_the_database_file_from_the_background_checkpoint()
    {
        var repository = new ChargePointRepository(Db);
        var before = Db.BackgroundCheckpoints;

        await Db.WriteGroupedAsync(scope => repository.RecordBootAsync(scope, "CP-1", new BootNotificationInfo("Checkpointed", "W1", null, null, "Accepted", T0)));

        await Poll.UntilAsync(() => VendorInTheFileAlone() == "Checkpointed", "the boot is copied from the WAL into the file");
        Db.BackgroundCheckpoints.Should().BeGreaterThan(before);
    }

    [Fact]
    public async Task Rejects_a_negative_checkpoint_interval()
    {
        var open = () => EdgeDatabase.OpenAsync(System.IO.Path.Combine(File.Directory, "other.db"), new EdgeDatabaseSettings { CheckpointInterval = TimeSpan.FromSeconds(-1) });

        await open.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*CheckpointInterval*");
    }

    /// <summary>CP-1's vendor as a copy of the main file without its WAL holds it (null while it is only in the WAL).</summary>
    private string? VendorInTheFileAlone()
    {
        var copy = System.IO.Path.Combine(File.Directory, "copy-" + Guid.NewGuid().ToString("N") + ".db");
        System.IO.File.Copy(Db.Path, copy);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT vendor FROM charge_points WHERE id = 'CP-1';";
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null; // copied while a checkpoint was writing the file: try again
        }
    }
}
