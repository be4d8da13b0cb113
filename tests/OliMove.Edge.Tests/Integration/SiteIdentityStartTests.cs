using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Integration;

/// <summary>Issue 19: a database keeps its site; restored onto another site's box it refuses to start (decision 0256).</summary>
public class SiteIdentityStartTests
{
    [Fact]
    public async Task A_database_restored_onto_another_site_refuses_to_start_with_a_message_naming_both_sites()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-site-identity-" + Guid.NewGuid().ToString("N"));
        var host = await EdgeTestHost.StartAsync(directory: directory);
        (await new SiteIdentityRepository(host.Get<EdgeDatabase>()).GetAsync())!.SiteId.Should().Be("demo");
        await host.StopAsync();

        // The same database file under another site's map (what a restore onto the wrong box looks like).
        var siteFile = Path.Combine(directory, "site.yaml");
        var yaml = await File.ReadAllTextAsync(siteFile);
        await File.WriteAllTextAsync(siteFile, yaml.Replace("  id: demo\n", "  id: harbour-north\n", StringComparison.Ordinal));

        var start = () => EdgeTestHost.StartAsync(directory: directory);

        (await start.Should().ThrowAsync<EdgeConfigurationException>())
            .Which.Message.Should().Contain("belongs to site 'demo'").And.Contain("site 'harbour-north'");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var db = await EdgeDatabase.OpenAsync(Path.Combine(directory, "edge.db"));
        (await new SiteIdentityRepository(db).GetAsync())!.SiteId.Should().Be("demo", "the refused start changed nothing");
    }
}
