namespace OliMove.Storage.Tests;

public sealed class ChargePointCacheTests : RegisteredSiteTests
{
    private ChargePointRepository Repository => new(Db);

    [Fact]
    public async Task Serves_charge_points_from_memory_after_the_first_read_and_matches_the_file_after_every_write()
    {
        await Repository.GetAsync("CP-1");
        await Repository.GetAsync("CP-2");
        var readsAfterWarmUp = Db.ChargePoints.Reads;

        await Repository.RecordBootAsync("CP-1", new BootNotificationInfo("ACME", "W1", "SN-1", "1.0", "Accepted", T0.AddTicks(12_345)));
        await MatchesTheFileAsync("a boot (its time as stored, to the millisecond)");
        await Db.WriteGroupedAsync(scope => Repository.RecordStatusAsync(scope, "CP-1", 0, new ConnectorStatus("Available", "NoError", T0.AddMinutes(1))));
        await Db.WriteGroupedAsync(scope => Repository.RecordStatusAsync(scope, "CP-1", 2, new ConnectorStatus("Charging", "NoError", T0.AddMinutes(2))));
        await MatchesTheFileAsync("statuses of the charge point and of a connector, group-committed");
        await Repository.RecordStatusAsync("CP-1", 2, new ConnectorStatus("Faulted", "OtherError", T0.AddMinutes(1)));
        await MatchesTheFileAsync("a stale status changes neither");
        await Repository.RecordSeenAsync("CP-1", T0.AddMinutes(5));
        await Repository.RecordSeenAsync("CP-1", T0.AddMinutes(3));
        await MatchesTheFileAsync("contact never moves backwards");
        await Repository.RecordCapabilitiesAsync("CP-2", new SmartChargingCapabilities("Current,Power", 24, 3, 8));
        await MatchesTheFileAsync("the terms a charger reported");
        (await Repository.GetAsync("CP-2"))!.Capabilities.MaxSchedulePeriods.Should().Be(24);
        (await Repository.RecordCapabilitiesAsync("CP-404", new SmartChargingCapabilities(null, 1, 1, 1))).Should().BeFalse();
        (await Repository.GetAsync("CP-404")).Should().BeNull();

        Db.ChargePoints.Reads.Should().Be(readsAfterWarmUp + 1, "only the unknown id went to the file");
    }

    [Fact]
    public async Task A_grouped_write_rolled_back_to_its_savepoint_leaves_the_cached_record_as_stored()
    {
        var before = await Repository.GetAsync("CP-2");

        var failing = () => Db.WriteGroupedAsync(async scope =>
        {
            await Repository.RecordCapabilitiesAsync(scope, "CP-2", new SmartChargingCapabilities("Power", 1, 1, 1));
            throw new ArgumentException("bad input after the write");
        });

        await failing.Should().ThrowAsync<ArgumentException>();
        (await Repository.GetAsync("CP-2")).Should().BeEquivalentTo(before);
        await MatchesTheFileAsync("nothing was stored");
    }

    [Fact]
    public async Task A_whole_unit_of_work_that_fails_changes_no_cached_record()
    {
        var before = await Repository.GetAsync("CP-2");

        var failing = () => Db.WriteAsync(async scope =>
        {
            await Repository.RecordSeenAsync(scope, "CP-2", T0.AddDays(1));
            throw new InvalidOperationException("the unit fails after the write");
        });

        await failing.Should().ThrowAsync<InvalidOperationException>();
        (await Repository.GetAsync("CP-2")).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task A_site_map_sync_makes_the_next_lookup_read_definitions_and_retirements_again()
    {
        (await Repository.GetAsync("CP-2"))!.IsRetired.Should().BeFalse();

        await Repository.SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints[0]), T0.AddDays(1));

        (await Repository.GetAsync("CP-2"))!.RetiredAt.Should().Be(T0.AddDays(1));
        await MatchesTheFileAsync("after the sync");
    }

    [Fact]
    public void A_read_that_began_before_a_committed_change_does_not_store_what_it_saw()
    {
        var cache = new ChargePointCache();
        var old = Record(capabilities: new SmartChargingCapabilities(null, null, null, null));

        cache.TryGet("CP-1", out _, out var ticket).Should().BeFalse();
        // The file is read here (old), then a write commits and applies its change before the read stores.
        cache.Apply("CP-1", r => r with { Capabilities = new SmartChargingCapabilities("Power", 5, 2, 4) });
        cache.Store("CP-1", old, ticket);

        cache.TryGet("CP-1", out _, out var retry).Should().BeFalse("the read may have seen the file before the change");
        cache.Clear();
        cache.Store("CP-1", old, retry);
        cache.TryGet("CP-1", out _, out _).Should().BeFalse("a sync in between also voids the read");
        cache.TryGet("CP-1", out _, out var fresh).Should().BeFalse();
        cache.Store("CP-1", old, fresh);
        cache.TryGet("CP-1", out var stored, out _).Should().BeTrue();
        stored.Should().BeSameAs(old);
    }

    private static ChargePointRecord Record(SmartChargingCapabilities capabilities) =>
        new("CP-1", "g1", "cabinet-a", null, null, null, null, null, capabilities, null, []);

    /// <summary>The cached records equal what a database with nothing cached reads from the same file.</summary>
    private async Task MatchesTheFileAsync(string because)
    {
        var other = await File.OpenAsync();
        var fromFile = await new ChargePointRepository(other).ListAsync(includeRetired: true);
        foreach (var stored in fromFile)
        {
            (await Repository.GetAsync(stored.Id)).Should().BeEquivalentTo(stored, because);
        }
    }
}
