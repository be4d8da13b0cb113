using OliMove.SiteMap.Model;

namespace OliMove.Storage.Tests;

public sealed class ChargePointRepositoryTests : RegisteredSiteTests
{
    private ChargePointRepository Repository => new(Db);

    [Fact]
    public async Task Registers_the_site_map_with_its_group_and_definitions()
    {
        var all = await Repository.ListAsync();

        all.Select(c => c.Id).Should().Equal("CP-1", "CP-2");
        var cp1 = all[0];
        cp1.GroupId.Should().Be("g1", "a charge point's group is its root circuit");
        cp1.CircuitId.Should().Be("cabinet-a");
        cp1.EvseId.Should().Be("DE*OLI*E1", "the first connector's EVSE id names the charge point");
        cp1.AuthorizationKeyHash.Should().Be("hash-1");
        cp1.IsRetired.Should().BeFalse();
        cp1.Connectors.Select(c => c.ConnectorId).Should().Equal(1, 2);
        (await StoredDefinitionsAsync()).Should().Equal(
            "CP-1/1 Type2 3 - 6-32 A 22000 W unit A",
            "CP-1/2 Type2 3 - 6-32 A 22000 W unit A",
            "CP-2/1 Type2 1 L2 6-16 A 3680 W unit W");
    }

    [Fact]
    public async Task Resync_updates_definitions_retires_removed_ones_and_keeps_what_was_reported()
    {
        await Repository.RecordBootAsync("CP-2", new BootNotificationInfo("ACME", "W1", "SN-2", "1.0", "Accepted", T0));
        var changed = new ChargePointDefinition("CP-1", "cabinet-b", "hash-new", ChargingRateUnit.W, [TestSite.ThreePhase(1) with { MaxCurrentA = 16 }]);
        var added = new ChargePointDefinition("CP-3", "cabinet-b", null, ChargingRateUnit.A, [TestSite.ThreePhase(1)]);

        var result = await Repository.SyncFromSiteMapAsync(TestSite.Site(changed, added), T0.AddDays(1));

        result.Added.Should().Equal("CP-3");
        result.Retired.Should().Equal("CP-2");
        var cp1 = (await Repository.GetAsync("CP-1"))!;
        cp1.GroupId.Should().Be("g2");
        cp1.AuthorizationKeyHash.Should().Be("hash-new");
        cp1.Connectors.Should().HaveCount(2);
        (await StoredDefinitionsAsync()).Should().StartWith("CP-1/1 Type2 3 - 6-16 A 22000 W unit W");
        cp1.Connectors[1].RetiredAt.Should().Be(T0.AddDays(1), "connector 2 left the map but its history stays");

        var cp2 = (await Repository.GetAsync("CP-2"))!;
        cp2.RetiredAt.Should().Be(T0.AddDays(1));
        cp2.Boot!.SerialNumber.Should().Be("SN-2", "a retired charge point keeps what it reported");
        cp2.Connectors.Should().OnlyContain(c => c.IsRetired);
        (await Repository.ListAsync()).Select(c => c.Id).Should().Equal("CP-1", "CP-3");
        (await Repository.ListAsync(includeRetired: true)).Should().HaveCount(3);
        (await Repository.ListByGroupAsync("g1")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_retired_charge_point_that_returns_to_the_map_is_restored()
    {
        await Repository.SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints[0]), T0.AddDays(1));

        var result = await Repository.SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints), T0.AddDays(2));

        result.Restored.Should().Equal("CP-2");
        var cp2 = (await Repository.GetAsync("CP-2"))!;
        cp2.IsRetired.Should().BeFalse();
        cp2.Connectors.Should().OnlyContain(c => !c.IsRetired);
    }

    [Fact]
    public async Task Rejects_invalid_definitions_listing_every_problem_and_writes_nothing()
    {
        // A map built in code, past the loader's own checks: the registry still refuses what its tables cannot hold.
        ChargePointDefinition[] invalid =
        [
            new("CP-9", "cabinet-a", null, ChargingRateUnit.A, [new ConnectorDefinition(0, "E-9", ConnectionType.Type2, -1, 2, (PhaseConductor)4, 20, 10)]),
            new("CP-8", "cabinet-a", null, ChargingRateUnit.A, [TestSite.ThreePhase(1), TestSite.ThreePhase(1)]),
        ];

        var act = () => Repository.SyncFromSiteMapAsync(TestSite.Site(invalid), T0);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should()
            .Contain("connector ids start at 1").And.Contain("phases must be 1 or 3").And.Contain("phase must be L1, L2 or L3")
            .And.Contain("min (20 A) <= max (10 A)").And.Contain("rated power").And.Contain("connector 1 of 'CP-8' appears twice");
        (await Repository.ListAsync()).Select(c => c.Id).Should().Equal("CP-1", "CP-2");
    }

    [Fact]
    public async Task Records_boot_notification_and_contact()
    {
        var boot = new BootNotificationInfo("ACME", "Wallbox 22", "SN-1", "2.4.1", "Accepted", T0.AddMinutes(1));

        (await Repository.RecordBootAsync("CP-1", boot)).Should().BeTrue();
        (await Repository.RecordSeenAsync("CP-1", T0.AddMinutes(5))).Should().BeTrue();
        (await Repository.RecordSeenAsync("CP-1", T0.AddMinutes(3))).Should().BeTrue();

        var cp = (await Repository.GetAsync("CP-1"))!;
        cp.Boot.Should().Be(boot);
        cp.LastSeenAt.Should().Be(T0.AddMinutes(5), "last seen never moves backwards");
        (await Repository.RecordBootAsync("CP-404", boot)).Should().BeFalse();
        (await Repository.RecordSeenAsync("CP-404", T0)).Should().BeFalse();
    }

    [Fact]
    public async Task Keeps_the_latest_status_notification_per_connector_and_for_connector_0()
    {
        (await Repository.RecordStatusAsync("CP-1", 1, new ConnectorStatus("Charging", "NoError", T0.AddMinutes(2)))).Should().BeTrue();
        (await Repository.RecordStatusAsync("CP-1", 1, new ConnectorStatus("Preparing", "NoError", T0.AddMinutes(1)))).Should().BeTrue();
        (await Repository.RecordStatusAsync("CP-1", 0, new ConnectorStatus("Faulted", "GroundFailure", T0))).Should().BeTrue();

        var cp = (await Repository.GetAsync("CP-1"))!;
        cp.Connectors[0].LastStatus.Should().Be(new ConnectorStatus("Charging", "NoError", T0.AddMinutes(2)), "a late older notification does not overwrite");
        cp.Connectors[1].LastStatus.Should().BeNull();
        cp.Status.Should().Be(new ConnectorStatus("Faulted", "GroundFailure", T0));
    }

    [Fact]
    public async Task Status_for_an_unregistered_connector_reports_false()
    {
        (await Repository.RecordStatusAsync("CP-1", 3, new ConnectorStatus("Available", "NoError", T0))).Should().BeFalse();
        (await Repository.RecordStatusAsync("CP-404", 0, new ConnectorStatus("Available", "NoError", T0))).Should().BeFalse();
    }

    [Fact]
    public async Task Records_smart_charging_capabilities()
    {
        var capabilities = new SmartChargingCapabilities("Current,Power", 24, 3, 8);

        (await Repository.RecordCapabilitiesAsync("CP-2", capabilities)).Should().BeTrue();

        (await Repository.GetAsync("CP-2"))!.Capabilities.Should().Be(capabilities);
    }

    /// <summary>The definition columns as the registry wrote them, one line per connector in key order.</summary>
    private Task<List<string>> StoredDefinitionsAsync() =>
        Db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT charge_point_id || '/' || connector_id || ' ' || connection_type || ' ' || phases || ' ' || COALESCE(phase, '-')
                    || ' ' || CAST(min_current_a AS INTEGER) || '-' || CAST(max_current_a AS INTEGER) || ' A '
                    || CAST(rated_power_w AS INTEGER) || ' W unit ' || charging_rate_unit
                FROM connectors ORDER BY charge_point_id, connector_id;
                """;
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return lines;
        }, CancellationToken.None);
}
