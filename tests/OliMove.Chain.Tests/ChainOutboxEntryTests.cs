using System.Text.Json;

namespace OliMove.Chain.Tests;

public sealed class ChainOutboxEntryTests
{
    [Fact]
    public void A_slot_entry_is_keyed_by_slot_id_and_its_json_uses_camel_case_and_status_names()
    {
        var entry = ChainOutboxEntry.ForSlot(SampleSite.Slot(4242));

        entry.Kind.Should().Be(ChainOutboxKinds.SlotStatus);
        entry.Key.Should().Be("slot:4242");
        using var json = JsonDocument.Parse(entry.PayloadJson);
        json.RootElement.GetProperty("slotId").GetUInt64().Should().Be(4242);
        json.RootElement.GetProperty("rows")[0].GetProperty("status").GetString().Should().Be("Charging");
        ChainOutboxEntry.Read<SlotStatusPayload>(entry.PayloadJson).Rows.Should().Equal(SampleSite.Slot(4242).Rows);
    }

    [Fact]
    public void The_same_site_gives_the_same_registration_key_and_a_changed_site_a_new_one()
    {
        var first = ChainOutboxEntry.ForAssets(SampleSite.Assets);
        var again = ChainOutboxEntry.ForAssets(SampleSite.Assets);
        var changed = ChainOutboxEntry.ForAssets(SampleSite.Assets with
        {
            PvInverters = [new PvInverterRegistration("pv-roof", 35_000, "garage-a")],
        });

        again.Key.Should().Be(first.Key);
        changed.Key.Should().NotBe(first.Key);
        first.Key.Should().StartWith("assets:");
    }

    [Fact]
    public void A_settlement_entry_is_keyed_by_session()
    {
        var entry = ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-99", SampleSite.NewUser()));

        entry.Kind.Should().Be(ChainOutboxKinds.Settlement);
        entry.Key.Should().Be("settlement:tx-99");
    }

    public static TheoryData<string, Action> BadPayloads => new()
    {
        { "InputHash", () => ChainOutboxEntry.ForSlot(SampleSite.Slot(1) with { InputHash = "0x1234" }) },
        { "no status rows", () => ChainOutboxEntry.ForSlot(SampleSite.Slot(1) with { Rows = [] }) },
        { "AlgorithmVersion", () => ChainOutboxEntry.ForSlot(SampleSite.Slot(1, algorithmVersion: 0)) },
        { "UserEnergyLeftWh", () => ChainOutboxEntry.ForSlot(SampleSite.Slot(1) with { Rows = [new AssetStatusRow("cp-1", AssetStatusCode.Charging, 0, 0, -1, 0)] }) },
        { "unknown status", () => ChainOutboxEntry.ForSlot(SampleSite.Slot(1) with { Rows = [new AssetStatusRow("cp-1", (AssetStatusCode)77, 0, 0, 0, 0)] }) },
        { "EnergyWh", () => ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1", SampleSite.NewUser(), energyWh: -5)) },
        { "not an Ethereum address", () => ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1", "0x1234")) },
        { "zero address", () => ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1", "0x0000000000000000000000000000000000000000")) },
        // On chain a session is (site id, transaction number): only tx-N with N > 0 fits (decision 0340).
        { "tx-N with a positive transaction number", () => ChainOutboxEntry.ForSettlement(SampleSite.Settlement("cp-7/tx-99", SampleSite.NewUser())) },
        { "tx-N with a positive transaction number", () => ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-0", SampleSite.NewUser())) },
        { "used twice", () => ChainOutboxEntry.ForAssets(SampleSite.Assets with { PvInverters = [new PvInverterRegistration("cp-1", 1, "g")] }) },
        { "PhaseMask", () => ChainOutboxEntry.ForAssets(SampleSite.Assets with { Meters = [new MeterRegistration("m", MeterScope.Circuit, "cabinet", 0, 1, "g")] }) },
        { "a grid-connection meter has no target", () => ChainOutboxEntry.ForAssets(SampleSite.Assets with { Meters = [new MeterRegistration("m", MeterScope.GridConnection, "cabinet", 7, 1, "")] }) },
        { "m.LimitW", () => ChainOutboxEntry.ForAssets(SampleSite.Assets with { Meters = [new MeterRegistration("m", MeterScope.Circuit, "cabinet", 7, -1, "g")] }) },
        { "exceeds capacity", () => ChainOutboxEntry.ForAssets(SampleSite.Assets with { Batteries = [new BatteryRegistration("b", 10, 20, 1, "g")] }) },
        { "CodeHash must not be zero", () => ChainOutboxEntry.ForAlgorithm(new AlgorithmPublicationPayload(1, SampleSite.Hex(0), SampleSite.Hex(1), "v1")) },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void Refuses_a_bad_payload_at_enqueue_time_with_a_message_naming_the_problem(string expected, Action enqueue)
    {
        enqueue.Should().Throw<ArgumentException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Reading_a_payload_that_is_not_json_of_that_kind_is_a_clear_error()
    {
        var read = () => ChainOutboxEntry.Read<SettlementPayload>("{not json");

        read.Should().Throw<ArgumentException>().WithMessage("*SettlementPayload*");
    }

    [Fact]
    public async Task Chain_addresses_round_trip_through_their_file_and_an_incomplete_file_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), "olimove-addresses-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var addresses = new ChainAddresses(31337, "0x01", "0x02", "0x03", "0x04", "0x05", 7);
            await addresses.SaveAsync(path);
            (await ChainAddresses.LoadAsync(path)).Should().Be(addresses);

            await File.WriteAllTextAsync(path, """{"chainId":31337,"assetRegistry":"0x01"}""");
            await FluentActions.Awaiting(() => ChainAddresses.LoadAsync(path))
                .Should().ThrowAsync<InvalidDataException>().WithMessage("*all five contract addresses*");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
