using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Tests;

/// <summary>
/// Decision 0346: meters are SC1 assets with what they measure and get SC2 rows like any asset; a registration that
/// no longer lists an asset of the site retires it, and one that lists it again brings it back under its index.
/// </summary>
public sealed class MeterAndRetirementTests(ChainFixture chain) : IClassFixture<ChainFixture>, IAsyncLifetime
{
    private static readonly SiteAssets WithMeters = SampleSite.Assets with
    {
        Meters =
        [
            new MeterRegistration("meter-grid", MeterScope.GridConnection, "", 0b111, 86_250, ""),
            new MeterRegistration("meter-pump", MeterScope.OtherLoad, "pump", 0b010, 3_000, "garage-a"),
        ],
    };

    private TempOutbox _outbox = null!;

    public async Task InitializeAsync() => _outbox = await TempOutbox.CreateAsync();

    public async Task DisposeAsync() => await _outbox.DisposeAsync();

    [Fact]
    public async Task A_meter_is_registered_with_what_it_measures_and_its_slot_row_reads_back()
    {
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(WithMeters));
        var slot = SampleSite.Slot(8001) with
        {
            Rows = [.. SampleSite.Slot(8001).Rows, new AssetStatusRow("meter-grid", AssetStatusCode.Available, 0, 41_500, 0, 0), new AssetStatusRow("meter-pump", AssetStatusCode.Faulted, 0, 0, 0, 0)],
        };
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(slot));

        await DrainAsync();

        var registry = chain.Registry(chain.Operator);
        var pump = (await registry.GetMeterAsync(ChainFixture.SiteId, "meter-pump"))!;
        (pump.MeterId, pump.Measures, pump.Target, pump.Phases, pump.LimitW, pump.Group).Should().Be(("meter-pump", (byte)3, "pump", (byte)2, 3_000u, "garage-a"));
        var gridIndex = await registry.IndexOfAsync(ChainFixture.SiteId, "meter-grid");
        (await registry.AssetIdOfAsync(gridIndex)).Should().Be("meter-grid");
        var rows = await chain.Status(chain.Operator).GetStatusRowsAsync(ChainFixture.SiteId, 8001);
        rows.Should().HaveCount(6);
        rows[^2].Should().Be(new PackedStatusRow(gridIndex, AssetStatusCode.Available, 0, 41_500, 0, 0));
        rows[^1].Should().Be(new PackedStatusRow(await registry.IndexOfAsync(ChainFixture.SiteId, "meter-pump"), AssetStatusCode.Faulted, 0, 0, 0, 0));
    }

    [Fact]
    public async Task An_asset_the_site_no_longer_lists_is_retired_and_comes_back_under_its_index_when_listed_again()
    {
        var registry = chain.Registry(chain.Operator);
        var registrar = new AssetRegistrar(registry, ChainFixture.SiteId);
        await registrar.RegisterAsync(WithMeters);
        var pump = await registry.IndexOfAsync(ChainFixture.SiteId, "meter-pump");
        var battery = await registry.IndexOfAsync(ChainFixture.SiteId, "bat-1");

        var without = await registrar.RegisterAsync(WithMeters with { Batteries = [], Meters = [WithMeters.Meters[0]] });

        without.Retired.Should().BeEquivalentTo(["bat-1", "meter-pump"]);
        without.Written.Should().Be(0, "every asset still listed matches the chain");
        (await registry.IsRetiredAsync(pump)).Should().BeTrue();
        (await registry.IsRetiredAsync(battery)).Should().BeTrue();
        (await registry.AssetsOfAsync(ChainFixture.SiteId)).Should().Contain([pump, battery], "a retired asset keeps its index: past rows name it");
        var retiredEvent = chain.Operator.Web3.Eth.GetEvent<AssetRetiredEvent>(chain.Addresses.AssetRegistry);
        var retiredEvents = await retiredEvent.GetAllChangesAsync(retiredEvent.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest()));
        retiredEvents.Where(e => e.Event.Index == pump).Should().ContainSingle()
            .Which.Event.Should().BeEquivalentTo(new { AssetId = "meter-pump", Kind = (byte)4, SiteId = ChainFixture.SiteId });

        var again = await registrar.RegisterAsync(WithMeters with { Batteries = [], Meters = [WithMeters.Meters[0]] });
        again.Retired.Should().BeEmpty("a retired asset is retired once");
        again.Written.Should().Be(0);

        var back = await registrar.RegisterAsync(WithMeters);
        back.Written.Should().Be(2, "an unchanged record that was retired is upserted to bring it back");
        (await registry.IndexOfAsync(ChainFixture.SiteId, "meter-pump")).Should().Be(pump);
        (await registry.IsRetiredAsync(pump)).Should().BeFalse();
        (await registry.IsRetiredAsync(battery)).Should().BeFalse();
    }

    [Fact]
    public async Task Only_the_sites_operator_retires_its_assets_and_an_unknown_id_is_refused()
    {
        await new AssetRegistrar(chain.Registry(chain.Operator), ChainFixture.SiteId).RegisterAsync(WithMeters);

        var stranger = async () => await chain.Registry(chain.Stranger).RetireAssetAsync(ChainFixture.SiteId, "meter-grid");
        (await stranger.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<AccessControlUnauthorizedAccountError>().Should().BeTrue();
        var unknown = async () => await chain.Registry(chain.Operator).RetireAssetAsync(ChainFixture.SiteId, "no-such-meter");
        (await unknown.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<UnknownAssetError>().Should().BeTrue();

        (await chain.Registry(chain.Operator).IsRetiredAsync(await chain.Registry(chain.Operator).IndexOfAsync(ChainFixture.SiteId, "meter-grid"))).Should().BeFalse();
    }

    private async Task DrainAsync()
    {
        var writer = new OutboxWriter(_outbox.Repository, chain.Operator, chain.Addresses, ChainFixture.Site, TimeProvider.System,
            new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        for (var i = 0; i < 5 && (await _outbox.Repository.ListUnconfirmedAsync(null, 10)).Count > 0; i++)
        {
            (await writer.DrainOnceAsync()).Should().NotBe(DrainOutcome.NodeUnreachable);
        }

        (await _outbox.Repository.ListUnconfirmedAsync(null, 10)).Should().BeEmpty();
        (await _outbox.Repository.ListParkedAsync(10)).Should().BeEmpty();
    }
}
